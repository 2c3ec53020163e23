package philomena

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"mace/internal/people"
	"mace/internal/platform/web"
)

// The edit form: rows of associates and risky locations are numbered fields
// ("associates-0-name"); "Add another" buttons post the form back with one
// more empty row, so the form works without JavaScript and keeps every
// answer.

type editData struct {
	*View
	Associates []int // indexes of associate rows to show
	Locations  []int // indexes of location rows to show
}

// rowCount is how many rows of prefix (with field first) the form holds.
func rowCount(f *web.Form, prefix, first string) int {
	n := 0
	for k := range f.Values {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			if i, err := strconv.Atoi(strings.TrimSuffix(rest, "-"+first)); err == nil && i >= 0 && i < 5*MaxRows && i+1 > n {
				n = i + 1
			}
		}
	}
	return n
}

// inputFromForm reads the form into an Input. Empty rows are left out.
func inputFromForm(f *web.Form) Input {
	in := Input{
		LookedAfter: f.Has("looked_after", "yes"), Height: f.Get("height"), Build: f.Get("build"), Hair: f.Get("hair"),
		Eyes: f.Get("eyes"), Marks: f.Values.Get("distinguishing_marks"), Clothing: f.Values.Get("usual_clothing"),
		Phones: f.Lines("phones"), Transport: f.Values.Get("transport"), Conditions: f.Values.Get("medical_conditions"),
		Medication: f.Values.Get("medication"), Allergies: f.Values.Get("allergies"), Languages: f.Get("languages"),
		Placement: f.Values.Get("placement_contact"),
	}
	for i := range rowCount(f, "associates-", "name") {
		p := "associates-" + strconv.Itoa(i) + "-"
		a := Associate{Name: f.Get(p + "name"), Relationship: f.Get(p + "relationship"), Phone: f.Get(p + "phone"),
			Address: f.Get(p + "address")}
		if a != (Associate{}) {
			in.Associates = append(in.Associates, a)
		}
	}
	for i := range rowCount(f, "risky_locations-", "place") {
		p := "risky_locations-" + strconv.Itoa(i) + "-"
		l := Location{Place: f.Get(p + "place"), Why: f.Values.Get(p + "why")}
		if strings.TrimSpace(l.Why) == "" {
			l.Why = ""
		}
		if l != (Location{}) {
			in.Locations = append(in.Locations, l)
		}
	}
	in.Version, _ = strconv.Atoi(f.Get("version"))
	return in
}

// setRows writes the rows of in back into the form, numbered from 0 with
// empty ones left out, so that problems found (numbered the same way) sit
// beside their rows.
func setRows(f *web.Form, in Input) {
	for k := range f.Values {
		if strings.HasPrefix(k, "associates-") || strings.HasPrefix(k, "risky_locations-") {
			delete(f.Values, k)
		}
	}
	for i, a := range in.Associates {
		p := "associates-" + strconv.Itoa(i) + "-"
		f.Values.Set(p+"name", a.Name)
		f.Values.Set(p+"relationship", a.Relationship)
		f.Values.Set(p+"phone", a.Phone)
		f.Values.Set(p+"address", a.Address)
	}
	for i, l := range in.Locations {
		p := "risky_locations-" + strconv.Itoa(i) + "-"
		f.Values.Set(p+"place", l.Place)
		f.Values.Set(p+"why", l.Why)
	}
}

// formOf fills the form from a stored profile.
func formOf(p *Profile) *web.Form {
	f := web.NewForm(nil)
	v := f.Values
	if p.LookedAfter {
		v.Set("looked_after", "yes")
	}
	for name, s := range map[string]string{"height": p.Height, "build": p.Build, "hair": p.Hair, "eyes": p.Eyes,
		"distinguishing_marks": p.Marks, "usual_clothing": p.Clothing, "transport": p.Transport,
		"medical_conditions": p.Conditions, "medication": p.Medication, "allergies": p.Allergies,
		"languages": p.Languages, "placement_contact": p.Placement} {
		v.Set(name, s)
	}
	var phones []string
	for _, n := range p.Phones {
		phones = append(phones, people.FormatPhone(n))
	}
	v.Set("phones", strings.Join(phones, "\n"))
	v.Set("version", strconv.Itoa(p.Version))
	setRows(f, InputOf(p))
	return f
}

func indexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// Edit shows the form filled with the stored profile.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) error {
	v, err := h.Svc.ForEdit(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.showEdit(w, r, http.StatusOK, v, formOf(v.Profile), len(v.Profile.Associates)+1, len(v.Profile.Locations)+1)
	return nil
}

func (h *Handlers) showEdit(w http.ResponseWriter, r *http.Request, status int, v *View, f *web.Form, associates, locations int) {
	title := "Change the Philomena profile"
	if !v.Profile.Exists() {
		title = "Create a Philomena profile"
	}
	h.R.Render(w, r, status, "philomena/edit", web.Page{Title: title, Nav: "people", Form: f,
		Data: editData{View: v, Associates: indexes(associates), Locations: indexes(locations)}})
}

// Save saves the edit form, or shows it again with one more empty row
// ("Add another") or with the problems found.
func (h *Handlers) Save(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	in := inputFromForm(f)
	shownAssociates, shownLocations := rowCount(f, "associates-", "name"), rowCount(f, "risky_locations-", "place")
	setRows(f, in)
	nA, nL := len(in.Associates)+1, len(in.Locations)+1
	status := http.StatusOK
	switch f.Get("action") {
	case "add-associate":
		nA = min(max(nA, shownAssociates+1), MaxRows+1)
	case "add-location":
		nL = min(max(nL, shownLocations+1), MaxRows+1)
	default:
		_, err := h.Svc.Save(r.Context(), id, in)
		if err == nil {
			web.Redirect(w, r, h.path(id, ""), "Philomena profile saved")
			return nil
		}
		if !f.Fail(err) {
			return err
		}
		status = http.StatusUnprocessableEntity
	}
	v, err := h.Svc.ForEdit(r.Context(), id)
	if err != nil {
		return err
	}
	h.showEdit(w, r, status, v, f, nA, nL)
	return nil
}

// readUpload reads the file uploaded in field, up to one byte over the
// limit (so that PreparePhoto can say it is too large), or says what is
// wrong.
func readUpload(r *http.Request, field string) ([]byte, string) {
	file, _, err := r.FormFile(field)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, "The photograph must be smaller than " + strconv.Itoa(MaxPhotoBytes>>20) + " MB"
	case errors.Is(err, http.ErrMissingFile), errors.Is(err, http.ErrNotMultipart):
		return nil, "Select a photograph to upload"
	case err != nil:
		return nil, "The upload could not be read: try again"
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, MaxPhotoBytes+1))
	if err != nil {
		return nil, "The upload could not be read: try again"
	}
	return data, ""
}
