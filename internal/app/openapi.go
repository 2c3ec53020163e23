package app

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"sort"
)

// The OpenAPI document is openapi.json (the service's description, security
// and shared schemas) plus one fragment per feature in openapi/, each with
// its own "paths" and "components.schemas". They are merged at start-up;
// a path or schema defined twice stops the service.
var (
	//go:embed openapi.json
	openAPIBase []byte
	//go:embed openapi/*.json
	openAPIFragments embed.FS
)

var openAPIDoc = mustOpenAPI()

func mustOpenAPI() []byte {
	doc, err := mergeOpenAPI(openAPIBase, openAPIFragments)
	if err != nil {
		panic(err)
	}
	return doc
}

type openAPIPart struct {
	Paths      map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]json.RawMessage `json:"schemas"`
	} `json:"components"`
}

func mergeOpenAPI(base []byte, fragments fs.FS) ([]byte, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(base, &doc); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	var all openAPIPart
	if err := json.Unmarshal(base, &all); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	var components map[string]json.RawMessage
	if err := json.Unmarshal(doc["components"], &components); err != nil {
		return nil, fmt.Errorf("openapi.json components: %w", err)
	}
	names, err := fs.Glob(fragments, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, name := range names {
		b, err := fs.ReadFile(fragments, name)
		if err != nil {
			return nil, err
		}
		var part openAPIPart
		if err := json.Unmarshal(b, &part); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for p, v := range part.Paths {
			if _, dup := all.Paths[p]; dup {
				return nil, fmt.Errorf("%s: path %s is already described", name, p)
			}
			all.Paths[p] = v
		}
		for s, v := range part.Components.Schemas {
			if _, dup := all.Components.Schemas[s]; dup {
				return nil, fmt.Errorf("%s: schema %s is already described", name, s)
			}
			all.Components.Schemas[s] = v
		}
	}
	if err := unavailableEverywhere(all.Paths); err != nil {
		return nil, err
	}
	var err2 error
	if doc["paths"], err2 = json.Marshal(all.Paths); err2 != nil {
		return nil, err2
	}
	if components["schemas"], err2 = json.Marshal(all.Components.Schemas); err2 != nil {
		return nil, err2
	}
	if doc["components"], err2 = json.Marshal(components); err2 != nil {
		return nil, err2
	}
	return json.MarshalIndent(doc, "", "  ")
}

// unavailableEverywhere adds the 503 "unavailable" response (the database
// busy or down: safe to retry after Retry-After) to every operation that
// lists the common errors, which any of them may answer.
func unavailableEverywhere(paths map[string]json.RawMessage) error {
	for p, raw := range paths {
		var ops map[string]any
		if err := json.Unmarshal(raw, &ops); err != nil {
			return fmt.Errorf("path %s: %w", p, err)
		}
		for _, v := range ops {
			op, ok := v.(map[string]any) // not the path's "parameters"
			if !ok {
				continue
			}
			res, ok := op["responses"].(map[string]any)
			if !ok || !bytes.Contains(mustJSON(res), []byte(`"#/components/responses/Error"`)) {
				continue
			}
			if _, ok := res["503"]; !ok {
				res["503"] = map[string]any{"$ref": "#/components/responses/Unavailable"}
			}
		}
		b, err := json.Marshal(ops)
		if err != nil {
			return err
		}
		paths[p] = b
	}
	return nil
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// openAPI serves the OpenAPI 3.1 description of /api/v1.
func (s *server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(openAPIDoc)
}
