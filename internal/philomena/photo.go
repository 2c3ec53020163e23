package philomena

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"net/http"

	"mace/internal/platform/errs"
)

// Limits on an uploaded photograph. The pixel limits stop a small file that
// would decode to a huge image (a decompression bomb): 24 million pixels is
// a good phone camera's photograph.
const (
	MaxPhotoBytes  = 5 << 20 // 5 MB
	MaxPhotoSide   = 6000
	MaxPhotoPixels = 24_000_000
	photoQuality   = 88
)

// PhotoContentType is the type of every stored photograph: each is
// re-encoded as JPEG.
const PhotoContentType = "image/jpeg"

// Photo is a photograph ready to store: JPEG with no metadata.
type Photo struct {
	Content       []byte
	Width, Height int
}

func photoProblem(msg string) error { return errs.FieldErr("photo", msg) }

// PreparePhoto checks an uploaded file and re-encodes it for storing. It
// accepts only JPEG and PNG, judged by the content (never the file name or
// the type the browser claimed), no larger than MaxPhotoBytes and no more
// than MaxPhotoSide pixels either way or MaxPhotoPixels in all. The image
// is decoded, turned the way up its EXIF data says, and encoded again as
// JPEG, so nothing of the file but its pixels is kept: no EXIF (a phone's
// photograph often records where it was taken), no comments, no PNG text
// chunks. Problems are reported against the field "photo" in plain words.
func PreparePhoto(data []byte) (*Photo, error) {
	if len(data) == 0 {
		return nil, photoProblem("Select a photograph to upload")
	}
	if len(data) > MaxPhotoBytes {
		return nil, photoProblem(fmt.Sprintf("The photograph must be smaller than %d MB", MaxPhotoBytes>>20))
	}
	var decodeConfig func(r *bytes.Reader) (image.Config, error)
	var decode func(r *bytes.Reader) (image.Image, error)
	switch http.DetectContentType(data) {
	case "image/jpeg":
		decodeConfig = func(r *bytes.Reader) (image.Config, error) { return jpeg.DecodeConfig(r) }
		decode = func(r *bytes.Reader) (image.Image, error) { return jpeg.Decode(r) }
	case "image/png":
		decodeConfig = func(r *bytes.Reader) (image.Config, error) { return png.DecodeConfig(r) }
		decode = func(r *bytes.Reader) (image.Image, error) { return png.Decode(r) }
	default:
		return nil, photoProblem("The photograph must be a JPG or PNG")
	}
	unreadable := photoProblem("The photograph could not be read: the file may be damaged. Try saving it again, or choose another")
	cfg, err := decodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, unreadable
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, unreadable
	}
	if cfg.Width > MaxPhotoSide || cfg.Height > MaxPhotoSide || cfg.Width*cfg.Height > MaxPhotoPixels {
		return nil, photoProblem(fmt.Sprintf("The photograph must be no more than %d pixels wide and %d pixels high, and %d megapixels in all",
			MaxPhotoSide, MaxPhotoSide, MaxPhotoPixels/1_000_000))
	}
	img, err := decode(bytes.NewReader(data))
	if err != nil {
		return nil, unreadable
	}
	return encodePhoto(orient(img, exifOrientation(data)))
}

// encodePhoto encodes img as JPEG, on white where it is transparent.
func encodePhoto(img image.Image) (*Photo, error) {
	b := img.Bounds()
	if _, opaque := img.(*image.YCbCr); !opaque {
		flat := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(flat, flat.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
		draw.Draw(flat, flat.Bounds(), img, b.Min, draw.Over)
		img = flat
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: photoQuality}); err != nil {
		return nil, errs.Wrap(err, "encoding the photograph")
	}
	return &Photo{Content: buf.Bytes(), Width: b.Dx(), Height: b.Dy()}, nil
}
