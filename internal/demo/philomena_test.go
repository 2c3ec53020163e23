package demo

import (
	"bytes"
	"image/png"
	"testing"

	"mace/internal/philomena"
)

func TestSilhouetteIsAnAcceptablePhotograph(t *testing.T) {
	var b bytes.Buffer
	if err := png.Encode(&b, Silhouette(300, 400, 0x50)); err != nil {
		t.Fatal(err)
	}
	ph, err := philomena.PreparePhoto(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if ph.Width != 300 || ph.Height != 400 {
		t.Errorf("%dx%d", ph.Width, ph.Height)
	}
	for _, in := range demoProfiles {
		if err := in.Normalise(); err != nil {
			t.Errorf("a demo profile is not valid: %v", err)
		}
	}
}
