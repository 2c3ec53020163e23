package missingimport

import (
	"errors"
	"net/http"
	"strconv"

	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// Choosing the young person's record for a row to review.

// Review shows one row to review with the records it may be.
func (h *Handlers) Review(w http.ResponseWriter, r *http.Request) error {
	return h.showReview(w, r, http.StatusOK, web.NewForm(nil))
}

func (h *Handlers) showReview(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	line, _ := strconv.Atoi(r.PathValue("line"))
	it, err := h.Im.GetReview(r.Context(), r.PathValue("id"), line)
	if err != nil {
		return err
	}
	h.R.Render(w, r, status, "missing-import/import_review", web.Page{Title: "Choose the young person’s record",
		Nav: "missing", Data: it, Form: f})
	return nil
}

// Choose imports a reviewed row with the record chosen, or a new one.
func (h *Handlers) Choose(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	line, _ := strconv.Atoi(r.PathValue("line"))
	choice := f.Get("person_id")
	if choice == "" {
		f.SetError("person_id", "Choose the young person’s record, or to make a new one")
		return h.showReview(w, r, http.StatusUnprocessableEntity, f)
	}
	if choice == "new" {
		choice = ""
	}
	ep, err := h.Im.ImportReviewed(r.Context(), r.PathValue("id"), line, choice)
	if errs.Is(err, errs.Invalid) || errors.Is(err, errReviewDone) {
		f.Fail(err)
		return h.showReview(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	msg := "The row was imported"
	if ep != nil {
		msg = "The row was imported as a missing episode"
	}
	web.Redirect(w, r, "/missing/imports/reviews", msg)
	return nil
}
