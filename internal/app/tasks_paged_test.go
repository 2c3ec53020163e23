package app

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/task"
)

// manyTasks gives the team n more open tasks about the fixture's child, due
// a minute apart from a day after now, made in one transaction as an
// import makes them.
func (f *taskFixture) manyTasks(t *testing.T, n int) {
	t.Helper()
	ins := make([]task.NewTask, n)
	for i := range ins {
		ins[i] = task.NewTask{Kind: "return-interview", Title: fmt.Sprintf("Return interview %03d", i), RecordType: "person",
			RecordID: f.personID, PersonID: f.personID, Owner: task.Owner{TeamID: f.team.ID},
			OrganisationID: f.worker.Organisation.ID, DueAt: f.clock.Now().Add(24*time.Hour + time.Duration(i)*time.Minute)}
	}
	ctx := auth.WithUser(context.Background(), f.e.user("lead@northfield.example"))
	if err := f.e.svc.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, err := f.e.svc.Tasks.CreateManyTx(ctx, tx, ins)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

type taskPage struct {
	Tasks      []task.Task `json:"tasks"`
	NextCursor string      `json:"next_cursor"`
	Limit      int         `json:"limit"`
}

// TestTaskAPIIsPaged: a team with many open tasks is listed a page at a
// time, by a cursor, never the whole list in one answer; a page size
// above the maximum gets the maximum.
func TestTaskAPIIsPaged(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		f := newTaskFixture(t, e, wednesday, "")
		f.manyTasks(t, 450)
		tok := e.token("practitioner@northfield.example")
		get := func(query string) taskPage {
			t.Helper()
			code, body := e.api("GET", "/api/v1/tasks"+query, tok, "")
			if code != http.StatusOK {
				t.Fatalf("%s: %d %s", query, code, body)
			}
			var p taskPage
			if err := json.Unmarshal([]byte(body), &p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		first := get("")
		if len(first.Tasks) != defaultTaskPage || first.NextCursor == "" || first.Limit != defaultTaskPage {
			t.Fatalf("the first page has %d tasks (limit %d), next cursor %q; want %d and a cursor",
				len(first.Tasks), first.Limit, first.NextCursor, defaultTaskPage)
		}
		big := get("?limit=100000")
		if len(big.Tasks) != maxTaskPage || big.Limit != maxTaskPage || big.NextCursor == "" {
			t.Fatalf("a page asked for with limit 100000 has %d tasks (limit %d); want the maximum, %d",
				len(big.Tasks), big.Limit, maxTaskPage)
		}
		// Every task once, in due order, page by page.
		seen := map[string]bool{}
		var last time.Time
		query := "?limit=" + fmt.Sprint(maxTaskPage)
		for pages := 0; ; pages++ {
			if pages > 10 {
				t.Fatal("the pages do not end")
			}
			p := get(query)
			for _, tk := range p.Tasks {
				if seen[tk.ID] {
					t.Fatalf("%q shown twice", tk.Title)
				}
				if tk.DueAt.Before(last) {
					t.Fatalf("%q out of due order", tk.Title)
				}
				seen[tk.ID], last = true, tk.DueAt
			}
			if p.NextCursor == "" {
				break
			}
			query = "?limit=" + fmt.Sprint(maxTaskPage) + "&cursor=" + url.QueryEscape(p.NextCursor)
		}
		if len(seen) != 453 {
			t.Fatalf("%d tasks over the pages, want 453", len(seen))
		}
		// A cursor that is not one is refused, plainly.
		code, body := e.api("GET", "/api/v1/tasks?cursor=not-a-cursor", tok, "")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "first page") {
			t.Fatalf("a bad cursor: %d %s", code, body)
		}
		code, body = e.api("GET", "/api/v1/tasks?limit=ten", tok, "")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "limit") {
			t.Fatalf("a bad limit: %d %s", code, body)
		}
	})
}

// TestMyWorkIsPaged: My work shows a page of each group with the group's
// count in its heading, and a link to the next page.
func TestMyWorkIsPaged(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		f := newTaskFixture(t, e, wednesday, "")
		f.manyTasks(t, 120)
		c := e.signIn("practitioner@northfield.example")
		code, body := c.get("/my-work")
		if code != http.StatusOK {
			t.Fatalf("my work: %d", code)
		}
		mustContain(t, "my work", body, "Overdue (1)", "Due today (1)", "Due later (121)", "Show more tasks due later",
			"Return interview 049")
		if n := strings.Count(body, `href="/tasks/`); n > 2+defaultTaskPage {
			t.Fatalf("my work lists %d tasks", n)
		}
		if strings.Contains(body, "Return interview 050") {
			t.Error("my work lists more than a page of tasks due later")
		}
		i := strings.Index(body, `href="/my-work?after=`)
		if i < 0 {
			t.Fatal("no link to the next page")
		}
		next := body[i+len(`href="`):]
		next = strings.ReplaceAll(next[:strings.Index(next, `"`)], "&amp;", "&")
		code, body = c.get(next)
		if code != http.StatusOK {
			t.Fatalf("the next page %s: %d", next, code)
		}
		mustContain(t, "the next page", body, "Due later (121)", "Return interview 050", "Return interview 099", "Next page", "First page")
		if strings.Contains(body, "Return interview 049") || strings.Contains(body, "Return interview 100") {
			t.Error("the next page does not start after the first or is longer than a page")
		}
		// A team's page: the same, for a manager.
		m := e.signIn("manager@northfield.example")
		code, body = m.get("/my-work?team=" + f.team.ID)
		if code != http.StatusOK {
			t.Fatalf("the team's work: %d", code)
		}
		mustContain(t, "the team's work", body, "Due later (121)", "Next page")
	})
}

// The page sizes of the task lists, as the OpenAPI document states them.
const defaultTaskPage, maxTaskPage = 50, 200
