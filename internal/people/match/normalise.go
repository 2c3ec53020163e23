// Package match holds the algorithms behind "finding the right child":
// name normalisation, Double Metaphone, nickname and variant roots, the
// blocking keys of a person record and the scoring of a referral's details
// against a candidate record, with the reasons in plain words. It knows
// nothing of databases: the people package stores the keys and fetches the
// candidates.
package match

import (
	"strings"
	"unicode"
)

// fold maps accented Latin letters to their plain forms. Letters it does
// not know are kept if they are letters and dropped otherwise.
var fold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'æ': "ae", 'ç': "c", 'ć': "c", 'č': "c", 'ĉ': "c", 'ċ': "c", 'ď': "d", 'đ': "d", 'ð': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ğ': "g", 'ģ': "g", 'ĝ': "g", 'ġ': "g", 'ħ': "h",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'į': "i", 'ı': "i",
	'ķ': "k", 'ĺ': "l", 'ļ': "l", 'ľ': "l", 'ł': "l",
	'ñ': "n", 'ń': "n", 'ņ': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o", 'œ': "oe",
	'ŕ': "r", 'ř': "r", 'ś': "s", 'ş': "s", 'ș': "s", 'š': "s", 'ß': "ss",
	'ţ': "t", 'ț': "t", 'ť': "t", 'þ': "th",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
}

// Fold lower-cases s and replaces accented letters with plain ones
// ("Zoë" is "zoe", "Łukasz" is "lukasz"). Apostrophes are removed, so
// "O'Brien" is "obrien"; every other character that is not a letter or a
// digit becomes a space.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '\'' || r == '’' || r == '‘' || r == '`' || r == 'ʼ':
		case fold[r] != "":
			b.WriteString(fold[r])
		case unicode.IsLetter(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// Words splits a name into its normalised words: folded, split at spaces,
// hyphens and other punctuation, with "Mc" written "mac" and a lone "Mac",
// "Mc", "O" or "St" joined to the word after it ("Mac Donald" and
// "McDonald" are both "macdonald"; "O Brien" is "obrien").
func Words(name string) []string {
	fs := strings.Fields(Fold(name))
	out := fs[:0:0]
	for i := 0; i < len(fs); i++ {
		w := fs[i]
		if (w == "mac" || w == "mc" || w == "o" || w == "st") && i+1 < len(fs) {
			w += fs[i+1]
			i++
		}
		if strings.HasPrefix(w, "mc") && len(w) > 2 {
			w = "mac" + w[2:]
		}
		out = append(out, w)
	}
	return out
}

// Key is a name's comparison form: its words joined without spaces
// ("Mary-Jane" and "Mary Jane" are both "maryjane").
func Key(name string) string { return strings.Join(Words(name), "") }
