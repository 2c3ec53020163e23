// Package assets holds mace's static front-end files: the compiled stylesheet
// (GOV.UK Frontend and MOJ Frontend with mace's own styles), their
// JavaScript, the scripts that start them, the favicon and the licences of the
// vendored packages. They are embedded in the binary, so nothing at build or
// run time needs Node.
//
// The vendored files are produced by scripts/vendor-frontend.sh from the
// pinned versions in static/VERSIONS.txt; src/mace.scss is the stylesheet's
// source. The web package serves Static under /assets/.
package assets

import (
	"embed"
	"io/fs"
)

// FS holds the static folder itself: paths in it start with "static/".
//
//go:embed static
var FS embed.FS

// Static is FS rooted at the static folder, so "mace.css" in Static is served
// as /assets/mace.css.
var Static fs.FS = mustSub(FS, "static")

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}
