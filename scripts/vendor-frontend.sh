#!/usr/bin/env bash
# Vendor the compiled front-end assets of GOV.UK Frontend and MOJ Frontend,
# plus axe-core for the browser accessibility tests.
#
# The outputs are committed, so `go build` never needs Node. Run this script
# (it needs Node and npm and the npm registry) only to change a version or
# internal/platform/web/assets/src/mace.scss, then commit what it writes:
#
#   internal/platform/web/assets/static/mace.css               (compiled mace.scss)
#   internal/platform/web/assets/static/govuk-frontend.min.js  (ES module)
#   internal/platform/web/assets/static/moj-frontend.min.js    (ES module)
#   internal/platform/web/assets/static/images/                (only the MOJ icons mace.css uses)
#   internal/platform/web/assets/static/licences/              (govuk-frontend.txt, moj-frontend.txt)
#   internal/platform/web/assets/static/VERSIONS.txt
#   internal/app/testdata/axe.min.js, internal/app/testdata/axe-core-LICENSE.txt
#
# The script owns those files and the images/ and licences/ folders: it
# rewrites them on every run. The same versions always give byte-identical
# output.
set -euo pipefail

GOVUK_FRONTEND_VERSION=5.14.0   # latest 5.x
MOJ_FRONTEND_VERSION=8.0.1      # latest release whose peer dependency is govuk-frontend ^5
SASS_VERSION=1.108.2
AXE_CORE_VERSION=4.14.1         # latest 4.x

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
assets="$root/internal/platform/web/assets"
static="$assets/static"
testdata="$root/internal/app/testdata"

die() {
	echo "vendor-frontend: $*" >&2
	exit 1
}

command -v node >/dev/null || die "node is required"
command -v npm >/dev/null || die "npm is required"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# ---------------------------------------------------------------------------
# Install the pinned packages.
# ---------------------------------------------------------------------------
cat >"$work/package.json" <<EOF
{
  "name": "mace-frontend-vendor",
  "private": true,
  "dependencies": {
    "govuk-frontend": "$GOVUK_FRONTEND_VERSION",
    "@ministryofjustice/frontend": "$MOJ_FRONTEND_VERSION",
    "sass": "$SASS_VERSION",
    "axe-core": "$AXE_CORE_VERSION"
  }
}
EOF
(cd "$work" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)

nm="$work/node_modules"
govuk="$nm/govuk-frontend"
moj="$nm/@ministryofjustice/frontend"
axe="$nm/axe-core"

pkgfield() { # pkgfield DIR FIELD
	node -e 'process.stdout.write(String(require(process.argv[1] + "/package.json")[process.argv[2]]))' "$1" "$2"
}

for pair in "$govuk:$GOVUK_FRONTEND_VERSION" "$moj:$MOJ_FRONTEND_VERSION" "$nm/sass:$SASS_VERSION" "$axe:$AXE_CORE_VERSION"; do
	dir="${pair%:*}"
	want="${pair##*:}"
	got="$(pkgfield "$dir" version)"
	[[ "$got" == "$want" ]] || die "$dir: installed $got, wanted $want"
done

# ---------------------------------------------------------------------------
# Compile mace.scss.
# ---------------------------------------------------------------------------
mkdir -p "$static"
# The load path is the install folder: MOJ Frontend's Sass loads GOV.UK
# Frontend as "node_modules/govuk-frontend/...", and so does mace.scss.
node "$nm/sass/sass.js" \
	--style=compressed \
	--no-source-map \
	--load-path="$work" \
	--quiet-deps \
	--silence-deprecation=import \
	"$assets/src/mace.scss" "$work/mace.css"

css="$work/mace.css"
if grep -q 'GDS Transport' "$css"; then
	die "mace.css mentions GDS Transport"
fi
if grep -q '@font-face' "$css"; then
	die "mace.css declares a web font; none is shipped"
fi

# Every url() must be a data: URI or an MOJ Frontend icon under /assets/images/
# that we copy below. No crown or crest image, and nothing from GOV.UK.
rm -rf "$static/images"
mkdir -p "$static/images"
urls="$(grep -o 'url([^)]*)' "$css" | sed -e 's/^url(//' -e 's/)$//' -e 's/^["'\'']//' -e 's/["'\'']$//' | LC_ALL=C sort -u || true)"
while IFS= read -r u; do
	[[ -n "$u" ]] || continue
	case "$u" in
	data:*) continue ;;
	/assets/images/*) ;;
	*) die "mace.css has url($u), which is not under /assets/images/" ;;
	esac
	name="${u#/assets/images/}"
	[[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || die "mace.css has an unexpected image path: $u"
	shopt -s nocasematch
	if [[ "$name" =~ crown|crest|govuk|logo ]]; then
		die "mace.css references $u; crown, crest and GOV.UK images are not shipped"
	fi
	shopt -u nocasematch
	src="$moj/moj/assets/images/$name"
	[[ -f "$src" ]] || die "mace.css references $u, which MOJ Frontend does not provide"
	cp "$src" "$static/images/$name"
done <<<"$urls"
if [[ -z "$(ls -A "$static/images")" ]]; then
	rmdir "$static/images"
fi

cp "$css" "$static/mace.css"

# ---------------------------------------------------------------------------
# JavaScript. Both builds are self-contained ES modules exporting initAll.
# The trailing sourceMappingURL comment is dropped: the maps are not shipped.
# ---------------------------------------------------------------------------
copy_module() { # copy_module SRC DEST
	node -e '
		const fs = require("fs");
		const [src, dest] = process.argv.slice(1);
		let s = fs.readFileSync(src, "utf8");
		s = s.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "");
		if (s.includes("sourceMappingURL")) throw new Error(src + ": sourceMappingURL left in");
		if (!/export\s*\{[^}]*\binitAll\b[^}]*\}/.test(s)) throw new Error(src + ": not an ES module exporting initAll");
		if (/^\s*import[\s{*"]/m.test(s)) throw new Error(src + ": imports other modules");
		fs.writeFileSync(dest, s + "\n");
	' "$1" "$2"
}
copy_module "$govuk/dist/govuk/govuk-frontend.min.js" "$static/govuk-frontend.min.js"
copy_module "$moj/moj/moj-frontend.min.js" "$static/moj-frontend.min.js"

# ---------------------------------------------------------------------------
# Licences. Neither frontend package ships its licence file on npm (both
# declare MIT in package.json), so the licence text from each project's source
# repository is written out here; a licence file in a future package wins.
# ---------------------------------------------------------------------------
rm -rf "$static/licences"
mkdir -p "$static/licences"

write_licence() { # write_licence PKGDIR DEST TITLE FALLBACK_TEXT
	local dir="$1" dest="$2" title="$3" fallback="$4" f
	local name version licence
	name="$(pkgfield "$dir" name)"
	version="$(pkgfield "$dir" version)"
	licence="$(pkgfield "$dir" license)"
	for f in LICENSE LICENSE.txt LICENSE.md LICENCE LICENCE.txt; do
		if [[ -f "$dir/$f" ]]; then
			{
				printf '%s %s (npm package %s)\n\n' "$title" "$version" "$name"
				cat "$dir/$f"
			} >"$dest"
			return
		fi
	done
	[[ "$licence" == "MIT" ]] || die "$name $version declares licence $licence, not MIT; check $dest by hand"
	{
		printf '%s %s (npm package %s)\n' "$title" "$version" "$name"
		printf 'The npm package declares the MIT licence in package.json but does not\n'
		printf 'include the licence file. This is the licence text from the project'"'"'s\n'
		printf 'source repository.\n\n'
		printf '%s' "$fallback"
	} >"$dest"
}

read -r -d '' GOVUK_LICENCE <<'EOF' || true
The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
EOF

read -r -d '' MOJ_LICENCE <<'EOF' || true
MIT License

Copyright (c) 2019 Ministry of Justice

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
EOF

write_licence "$govuk" "$static/licences/govuk-frontend.txt" "GOV.UK Frontend" "$GOVUK_LICENCE"$'\n'
write_licence "$moj" "$static/licences/moj-frontend.txt" "MOJ Frontend" "$MOJ_LICENCE"$'\n'$'\n'"moj-frontend.min.js also contains code from GOV.UK Frontend; see govuk-frontend.txt."$'\n'

# ---------------------------------------------------------------------------
# axe-core, for the browser tests only (never served).
# ---------------------------------------------------------------------------
mkdir -p "$testdata"
cp "$axe/axe.min.js" "$testdata/axe.min.js"
{
	cat "$axe/LICENSE"
	if [[ -f "$axe/LICENSE-3RD-PARTY.txt" ]]; then
		printf '\n\n--------------------------------------------------------------------------\n'
		printf 'Third-party notices for code bundled in axe.min.js (LICENSE-3RD-PARTY.txt)\n'
		printf -- '--------------------------------------------------------------------------\n\n'
		cat "$axe/LICENSE-3RD-PARTY.txt"
	fi
} >"$testdata/axe-core-LICENSE.txt"

# ---------------------------------------------------------------------------
# VERSIONS.txt
# ---------------------------------------------------------------------------
cat >"$static/VERSIONS.txt" <<EOF
Front-end packages vendored by scripts/vendor-frontend.sh (npm registry):

govuk-frontend $(pkgfield "$govuk" version)
@ministryofjustice/frontend $(pkgfield "$moj" version)
sass $(pkgfield "$nm/sass" version) (compiler for mace.css, not shipped)
axe-core $(pkgfield "$axe" version) (internal/app/testdata, browser tests only, not shipped)

mace.css: internal/platform/web/assets/src/mace.scss compiled with sass, compressed, no source map.
govuk-frontend.min.js: govuk-frontend/dist/govuk/govuk-frontend.min.js (ES module), sourceMappingURL comment removed.
moj-frontend.min.js: @ministryofjustice/frontend/moj/moj-frontend.min.js (ES module), sourceMappingURL comment removed.
images/: the MOJ Frontend icons that mace.css refers to, copied unchanged.
EOF

echo "vendor-frontend: govuk-frontend $GOVUK_FRONTEND_VERSION, @ministryofjustice/frontend $MOJ_FRONTEND_VERSION, sass $SASS_VERSION, axe-core $AXE_CORE_VERSION"
