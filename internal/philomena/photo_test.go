package philomena_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"mace/internal/philomena"
	"mace/internal/platform/errs"
)

func jpegBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func pngBytes(t testing.TB, w, h int, transparent bool) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			a := uint8(255)
			if transparent && x < w/2 {
				a = 0
			}
			img.Set(x, y, color.NRGBA{10, 20, 30, a})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// exif is an invented EXIF block naming a place (as a phone records where
// a photograph was taken).
var exif = []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08GPS 53.7997 N 1.5492 W")

// withEXIF puts an APP1 EXIF segment straight after a JPEG's start marker.
func withEXIF(t testing.TB, j []byte) []byte {
	t.Helper()
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(exif)+2))
	out := append([]byte{}, j[:2]...)
	out = append(out, seg...)
	out = append(out, exif...)
	return append(out, j[2:]...)
}

// withChunk puts a chunk of type typ (with a correct checksum) straight
// after a PNG's header chunk.
func withChunk(p []byte, typ string, data []byte) []byte {
	const afterIHDR = 8 + 4 + 4 + 13 + 4
	var c bytes.Buffer
	_ = binary.Write(&c, binary.BigEndian, uint32(len(data)))
	c.WriteString(typ)
	c.Write(data)
	_ = binary.Write(&c, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	out := append([]byte{}, p[:afterIHDR]...)
	out = append(out, c.Bytes()...)
	return append(out, p[afterIHDR:]...)
}

// pngHeader is a valid PNG signature and header chunk for w by h, with no
// image data: enough for DecodeConfig.
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	_ = binary.Write(&b, binary.BigEndian, uint32(13))
	b.WriteString("IHDR")
	b.Write(ihdr)
	_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte("IHDR"), ihdr...)))
	return b.Bytes()
}

func TestPreparePhoto(t *testing.T) {
	var gifBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, image.NewPaletted(image.Rect(0, 0, 4, 4), []color.Color{color.Black}), nil); err != nil {
		t.Fatal(err)
	}
	j := jpegBytes(t, 64, 48)
	p := pngBytes(t, 50, 40, true)
	huge := append(jpegBytes(t, 8, 8), make([]byte, philomena.MaxPhotoBytes)...)
	for _, tc := range []struct {
		name    string
		data    []byte
		problem string // "" for accepted
		w, h    int
	}{
		{"jpeg", j, "", 64, 48},
		{"jpeg with EXIF", withEXIF(t, j), "", 64, 48},
		{"png with transparency", p, "", 50, 40},
		{"png with an EXIF chunk", withChunk(p, "eXIf", exif[6:]), "", 50, 40},
		{"png with a text chunk", withChunk(p, "tEXt", []byte("Comment\x00taken at 53.7997 N")), "", 50, 40},
		{"empty", nil, "Select a photograph to upload", 0, 0},
		{"too many bytes", huge, "smaller than 5 MB", 0, 0},
		{"gif", gifBuf.Bytes(), "must be a JPG or PNG", 0, 0},
		{"html", []byte("<html><script>alert(1)</script></html>"), "must be a JPG or PNG", 0, 0},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`), "must be a JPG or PNG", 0, 0},
		{"truncated jpeg", j[:len(j)/2], "could not be read", 0, 0},
		{"truncated png", p[:len(p)-30], "could not be read", 0, 0},
		{"jpeg header only", j[:20], "could not be read", 0, 0},
		{"too wide", pngHeader(philomena.MaxPhotoSide+1, 10), "no more than 6000 pixels", 0, 0},
		{"too many pixels", pngHeader(5000, 5000), "24 megapixels", 0, 0},
		{"bomb", pngHeader(60000, 60000), "no more than 6000 pixels", 0, 0},
		{"zero size", pngHeader(0, 0), "could not be read", 0, 0},
	} {
		ph, err := philomena.PreparePhoto(tc.data)
		if tc.problem == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			if ph.Width != tc.w || ph.Height != tc.h {
				t.Errorf("%s: %dx%d, want %dx%d", tc.name, ph.Width, ph.Height, tc.w, tc.h)
			}
			if bytes.Contains(ph.Content, []byte("Exif")) || bytes.Contains(ph.Content, []byte("53.7997")) {
				t.Errorf("%s: the metadata was kept", tc.name)
			}
			if _, err := jpeg.Decode(bytes.NewReader(ph.Content)); err != nil {
				t.Errorf("%s: the result is not a JPEG: %v", tc.name, err)
			}
			continue
		}
		fs := errs.Fields(err)
		if len(fs) != 1 || fs[0].Field != "photo" || !strings.Contains(fs[0].Message, tc.problem) {
			t.Errorf("%s: %v, want a photo problem saying %q", tc.name, fs, tc.problem)
		}
	}
	// Transparent parts become white, not black.
	ph, err := philomena.PreparePhoto(p)
	if err != nil {
		t.Fatal(err)
	}
	img, _ := jpeg.Decode(bytes.NewReader(ph.Content))
	if r, g, b, _ := img.At(2, 2).RGBA(); r>>8 < 240 || g>>8 < 240 || b>>8 < 240 {
		t.Errorf("a transparent pixel came out as %d,%d,%d", r>>8, g>>8, b>>8)
	}
}

// orientationEXIF is an EXIF block recording orientation o, in byte order
// "MM" or "II".
func orientationEXIF(order string, o uint16) []byte {
	var bo binary.ByteOrder = binary.BigEndian
	if order == "II" {
		bo = binary.LittleEndian
	}
	t := []byte(order + "\x00\x00\x00\x00\x00\x00")
	bo.PutUint16(t[2:], 42)
	bo.PutUint32(t[4:], 8)
	entry := make([]byte, 2+12+4)
	bo.PutUint16(entry, 1)
	bo.PutUint16(entry[2:], 0x0112)
	bo.PutUint16(entry[4:], 3)
	bo.PutUint32(entry[6:], 1)
	bo.PutUint16(entry[10:], o)
	return append([]byte("Exif\x00\x00"), append(t, entry...)...)
}

// withAPP1 puts an APP1 segment holding block after a JPEG's start marker.
func withAPP1(j, block []byte) []byte {
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(block)+2))
	out := append(append([]byte{}, j[:2]...), seg...)
	return append(append(out, block...), j[2:]...)
}

// TestPhotoOrientation: a phone's photograph taken sideways is stored the
// right way up, and its EXIF data still dropped.
func TestPhotoOrientation(t *testing.T) {
	// 40 wide, 20 high; the left half dark, the right half light.
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for y := range 20 {
		for x := range 40 {
			v := uint8(20)
			if x >= 20 {
				v = 235
			}
			img.Set(x, y, color.RGBA{v, v, v, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		order        string
		o            uint16
		w, h         int
		darkX, darkY int // a point that should be dark
	}{
		{"MM", 1, 40, 20, 5, 10},
		{"MM", 3, 40, 20, 35, 10},
		{"II", 6, 20, 40, 10, 5},  // turned clockwise: the left goes to the top
		{"MM", 8, 20, 40, 10, 35}, // turned anticlockwise: the left goes to the bottom
		{"II", 2, 40, 20, 35, 10},
		{"MM", 99, 40, 20, 5, 10}, // not an orientation: left alone
	} {
		ph, err := philomena.PreparePhoto(withAPP1(b.Bytes(), orientationEXIF(tc.order, tc.o)))
		if err != nil {
			t.Fatal(err)
		}
		if ph.Width != tc.w || ph.Height != tc.h {
			t.Errorf("orientation %d: %dx%d, want %dx%d", tc.o, ph.Width, ph.Height, tc.w, tc.h)
			continue
		}
		out, _ := jpeg.Decode(bytes.NewReader(ph.Content))
		if r, _, _, _ := out.At(tc.darkX, tc.darkY).RGBA(); r>>8 > 100 {
			t.Errorf("orientation %d: (%d,%d) is light (%d), want dark", tc.o, tc.darkX, tc.darkY, r>>8)
		}
		if bytes.Contains(ph.Content, []byte("Exif")) {
			t.Errorf("orientation %d: the EXIF data was kept", tc.o)
		}
	}
}

// FuzzPreparePhoto: whatever is uploaded, the check answers with a photo
// problem or a JPEG no larger than the limits, and never panics.
func FuzzPreparePhoto(f *testing.F) {
	f.Add(jpegBytes(f, 16, 16))
	f.Add(withEXIF(f, jpegBytes(f, 9, 7)))
	f.Add(pngBytes(f, 12, 5, true))
	f.Add(withChunk(pngBytes(f, 3, 3, false), "eXIf", exif[6:]))
	f.Add(pngHeader(7000, 7000))
	f.Add([]byte("\xff\xd8\xff\xe0"))
	f.Add(withAPP1(jpegBytes(f, 6, 4), orientationEXIF("II", 6)))
	f.Add(withAPP1(jpegBytes(f, 6, 4), orientationEXIF("MM", 7)[:20]))
	f.Add([]byte("GIF89a"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		ph, err := philomena.PreparePhoto(data)
		if err != nil {
			if fs := errs.Fields(err); len(fs) != 1 || fs[0].Field != "photo" {
				t.Fatalf("error %v is not a photo problem", err)
			}
			return
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(ph.Content))
		if err != nil || cfg.Width != ph.Width || cfg.Height != ph.Height || cfg.Width > philomena.MaxPhotoSide ||
			cfg.Height > philomena.MaxPhotoSide {
			t.Fatalf("accepted %dx%d, stored %+v %v", ph.Width, ph.Height, cfg, err)
		}
	})
}
