package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"mace/internal/people"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

// saveIDs writes the record id of each generated person, one a line in
// the data's order, so that a later run can reuse the database.
func saveIDs(path string, index map[string]int, n int) error {
	ids := make([]string, n)
	for id, i := range index {
		ids[i] = id
	}
	return os.WriteFile(path, []byte(strings.Join(ids, "\n")+"\n"), 0o600)
}

// reopenMace opens a database an earlier run loaded with the same data.
func reopenMace(ctx context.Context, path string, data []person, out io.Writer) (*maceDB, error) {
	f, err := os.Open(path + ".ids")
	if err != nil {
		return nil, fmt.Errorf("no ids from an earlier run: %w", err)
	}
	defer f.Close()
	m := &maceDB{index: make(map[string]int, len(data))}
	sc := bufio.NewScanner(f)
	for i := 0; sc.Scan(); i++ {
		m.index[sc.Text()] = i
	}
	if len(m.index) != len(data) {
		return nil, fmt.Errorf("the earlier run loaded %d people, not %d", len(m.index), len(data))
	}
	if m.db, err = db.Open(ctx, path); err != nil {
		return nil, err
	}
	now := func() time.Time { return asOf }
	a := audit.New(now)
	au := auth.NewService(m.db, a, now)
	m.svc = &people.Service{DB: m.db, Audit: a, Orgs: au, Now: now}
	u, err := au.UserByEmail(ctx, "screener@northfield.example")
	if err != nil {
		return nil, err
	}
	m.ctx = auth.WithUser(ctx, u)
	fmt.Fprintf(out, "mace: reusing %s\n", path)
	return m, nil
}
