package concern

import "testing"

func TestTypes(t *testing.T) {
	seen := map[string]bool{}
	for _, ty := range Types {
		if seen[ty.Code] || ty.Label == "" || !Valid(ty.Code) || Label(ty.Code) != ty.Label {
			t.Errorf("type %+v is duplicated, unlabelled or not found", ty)
		}
		seen[ty.Code] = true
	}
	if len(Types) != 5 {
		t.Errorf("%d types, want the five kinds of exploitation", len(Types))
	}
	if Valid("CSE") || Valid("") || Label("other") != "other" {
		t.Error("unknown codes must not be valid")
	}
}
