package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/paths"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// Every response an API test receives is checked against the OpenAPI
// document the service publishes: the path and method must be described,
// the status documented, and the body must match the status's schema, with
// no field the document does not name (its object schemas are closed with
// additionalProperties or unevaluatedProperties false). So a field added to
// a handler but not to the document fails the test that sees it.

type openAPIChecker struct {
	mu      sync.Mutex // tests that run in parallel share one validator
	v       validator.Validator
	model   *v3.Document
	options *config.ValidationOptions
}

var openAPICheck = sync.OnceValues(func() (*openAPIChecker, error) {
	doc, err := libopenapi.NewDocument(openAPIDoc)
	if err != nil {
		return nil, fmt.Errorf("reading the OpenAPI document: %w", err)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		return nil, fmt.Errorf("building the OpenAPI model: %w", err)
	}
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions())
	if len(errs) > 0 {
		return nil, fmt.Errorf("making the OpenAPI validator: %v", errs)
	}
	return &openAPIChecker{v: v, model: &model.Model, options: config.NewValidationOptions()}, nil
})

// checkOpenAPI reports a test error when an API response does not match the
// OpenAPI document. Responses from outside /api/v1 are not described there.
func (e *testEnv) checkOpenAPI(req *http.Request, res *http.Response, body []byte) {
	e.t.Helper()
	if problems := openAPIProblems(req.Method, req.URL.RequestURI(), res.StatusCode, res.Header, body); len(problems) > 0 {
		e.t.Errorf("%s %s: the %d response does not match the OpenAPI document:\n  %s\n%.600s",
			req.Method, req.URL.RequestURI(), res.StatusCode, strings.Join(problems, "\n  "), body)
	}
}

// openAPIProblems lists how a response to method and target (a path with
// its query) differs from the OpenAPI document; none when it matches.
func openAPIProblems(method, target string, status int, header http.Header, body []byte) []string {
	if !strings.HasPrefix(target, "/api/v1/") {
		return nil
	}
	c, err := openAPICheck()
	if err != nil {
		return []string{err.Error()}
	}
	req := httptest.NewRequest(method, target, nil)
	res := &http.Response{StatusCode: status, Header: header, Request: req,
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body))}
	var problems []string
	c.mu.Lock()
	ok, errs := c.v.ValidateHttpResponse(req, res)
	c.mu.Unlock()
	if !ok {
		for _, e := range errs {
			p := e.Message
			if e.Reason != "" && e.Reason != e.Message {
				p += ": " + e.Reason
			}
			for _, f := range e.SchemaValidationErrors {
				where := f.FieldPath
				if where == "" {
					where = "$"
				}
				p += "\n    " + where + ": " + f.Reason
			}
			problems = append(problems, p)
		}
		return problems
	}
	// The validator passes any body where the document describes none.
	if len(bytes.TrimSpace(body)) > 0 && !c.describesContent(req, status) {
		problems = append(problems, fmt.Sprintf("the %d response has a body, which the document does not describe", status))
	}
	return problems
}

// describesContent reports whether the document gives a content type for
// the status of the request's operation.
func (c *openAPIChecker) describesContent(req *http.Request, status int) bool {
	item, errs, _ := paths.FindPath(req, c.model, c.options)
	if item == nil || len(errs) > 0 {
		return false
	}
	op := item.GetOperations().GetOrZero(strings.ToLower(req.Method))
	if op == nil || op.Responses == nil {
		return false
	}
	resp := op.Responses.Codes.GetOrZero(strconv.Itoa(status))
	if resp == nil {
		resp = op.Responses.Default
	}
	return resp != nil && resp.Content != nil && resp.Content.Len() > 0
}

// The document is a valid OpenAPI 3.1 document.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc, err := libopenapi.NewDocument(openAPIDoc)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if ok, problems := v.ValidateDocument(); !ok {
		for _, p := range problems {
			t.Errorf("%s: %s", p.Message, p.Reason)
			for _, f := range p.SchemaValidationErrors {
				t.Errorf("  %s: %s", f.FieldPath, f.Reason)
			}
		}
	}
}

// Every object schema names all its fields: it says additionalProperties
// (or, where it is built with allOf, unevaluatedProperties), so a field the
// document does not name fails the check. A schema that is only ever a part
// of an allOf stays open, for the schema it is part of closes it.
func TestOpenAPIObjectsAreClosed(t *testing.T) {
	var doc any
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	parts := map[string]bool{} // components only used inside allOf
	others := map[string]bool{}
	var refs func(node any, inAllOf bool)
	refs = func(node any, inAllOf bool) {
		switch n := node.(type) {
		case map[string]any:
			if ref, ok := n["$ref"].(string); ok {
				name := strings.TrimPrefix(ref, "#/components/schemas/")
				if inAllOf {
					parts[name] = true
				} else {
					others[name] = true
				}
			}
			for k, v := range n {
				refs(v, k == "allOf")
			}
		case []any:
			for _, v := range n {
				refs(v, inAllOf)
			}
		}
	}
	refs(doc, false)
	var check func(node any, where string, part bool)
	check = func(node any, where string, part bool) {
		switch n := node.(type) {
		case map[string]any:
			_, props := n["properties"]
			_, ap := n["additionalProperties"]
			_, up := n["unevaluatedProperties"]
			if props && !ap && !up && !part {
				t.Errorf("%s names its properties but does not close them with additionalProperties: false", where)
			}
			if _, allOf := n["allOf"]; allOf && ap {
				t.Errorf("%s is built with allOf, so it must close with unevaluatedProperties rather than additionalProperties", where)
			}
			for k, v := range n {
				inner := where + "/" + k
				if props, ok := v.(map[string]any); ok && k == "properties" {
					for name, p := range props {
						check(p, inner+"/"+name, false)
					}
					continue
				}
				isPart := k == "allOf" ||
					(strings.HasSuffix(where, "/components/schemas") && parts[k] && !others[k])
				check(v, inner, isPart)
			}
		case []any:
			for i, v := range n {
				check(v, where+"/"+strconv.Itoa(i), part)
			}
		}
	}
	check(doc, "#", false)
}

// The check bites: a response with a field the document does not name, a
// field of the wrong type, a status it does not list, an error body that is
// not an API error, a path it does not describe: each fails.
func TestOpenAPICheckFindsDrift(t *testing.T) {
	asJSON := http.Header{"Content-Type": {"application/json"}}
	const days = "/api/v1/calendar/working-days?from=2026-01-05&add=1"
	// The referrer's view of a referral: what they sent is a ReferralInput
	// composed with allOf and closed with unevaluatedProperties.
	referral := func(extra string) string {
		return `{"id": "r1", "reference": "REF-1", "state": "decided", "sent": {"authority_id": "la1",
			"referrer": {"name": "A Teacher", "role": "Teacher"}, "child": {"gender": "female", "known_as": null},
			"concern_types": ["cse"], "indicators": null, "narrative": "Seen with older men", "child_knows": "yes",
			"child_agrees": "no", "family_knows": "not-known", "family_agrees": "not-known"` + extra + `}}`
	}
	for _, tc := range []struct {
		name, method, target string
		status               int
		header               http.Header
		body                 string
		want                 string // in the problems; "" for none
	}{
		{"as documented", "GET", days, 200, asJSON, `{"date": "2026-01-06"}`, ""},
		{"an error as documented", "GET", days, 422, asJSON, `{"error": "Enter a date", "kind": "invalid", "fields": [{"field": "from", "message": "Enter a date"}]}`, ""},
		{"an undocumented field", "GET", days, 200, asJSON, `{"date": "2026-01-06", "weekday": "Tuesday"}`, "weekday"},
		{"a wrong type", "GET", days, 200, asJSON, `{"date": 20260106}`, "date"},
		{"a wrong format", "GET", days, 200, asJSON, `{"date": "6 January 2026"}`, "date"},
		{"a missing field", "GET", days, 200, asJSON, `{}`, "date"},
		{"an undocumented status", "GET", days, 409, asJSON, `{"error": "Conflict", "kind": "conflict"}`, "409"},
		{"an error with an extra field", "GET", days, 422, asJSON, `{"error": "Enter a date", "kind": "invalid", "detail": "x"}`, "detail"},
		{"an error of an unknown kind", "GET", days, 422, asJSON, `{"error": "Enter a date", "kind": "bad"}`, "kind"},
		{"another content type", "GET", days, 200, http.Header{"Content-Type": {"text/html"}}, `<p>6 January 2026</p>`, "text/html"},
		{"a composed schema as documented", "GET", "/api/v1/referrals/r1", 200, asJSON, referral(""), ""},
		{"an undocumented field in a composed schema", "GET", "/api/v1/referrals/r1", 200, asJSON, referral(`, "colour": "red"`), "colour"},
		{"a body where none is documented", "POST", "/api/v1/merges/m1/undo", 204, asJSON, `{"undone": true}`, "does not describe"},
		{"an undocumented path", "GET", "/api/v1/nowhere", 200, asJSON, `{}`, "not found"},
		{"an undocumented method", "DELETE", days, 200, asJSON, `{}`, "DELETE"},
	} {
		got := strings.Join(openAPIProblems(tc.method, tc.target, tc.status, tc.header, []byte(tc.body)), "\n")
		switch {
		case tc.want == "" && got != "":
			t.Errorf("%s: want no problem, got\n%s", tc.name, got)
		case tc.want != "" && !strings.Contains(got, tc.want):
			t.Errorf("%s: want a problem naming %q, got %q", tc.name, tc.want, got)
		}
	}
}
