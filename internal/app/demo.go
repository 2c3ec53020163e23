package app

import (
	"context"
	"fmt"
	"io"
	"time"

	"mace/internal/demo"
)

// seedDemo creates the demo partnership on an empty database and prints the
// demo sign-ins.
func seedDemo(ctx context.Context, svc *services, size string, seed uint64, out io.Writer) error {
	n, ok := demo.Sizes[size]
	if !ok {
		return fmt.Errorf("--size %q should be small or region", size)
	}
	ds := demo.Services{Auth: svc.Auth, People: svc.People, Tasks: svc.Tasks}
	seeded, err := demo.Seeded(ctx, ds)
	if err != nil {
		return err
	}
	if seeded {
		fmt.Fprintln(out, "The database already holds data: the demo partnership was not added again.")
	} else {
		start := time.Now() // timing
		fmt.Fprintf(out, "Creating the demo partnership and %d synthetic people...\n", n)
		now := svc.Tasks.Now()
		if err := demo.Seed(ctx, ds, n, seed, now, out); err != nil {
			return err
		}
		if err := demo.SeedReferrals(ctx, svc.Referral, svc.Auth, svc.People, seed, now); err != nil {
			return err
		}
		if err := demo.SeedConsultations(ctx, svc.Auth, svc.Consultations, now); err != nil {
			return fmt.Errorf("demo consultations: %w", err)
		}
		if err := demo.SeedMissing(ctx, svc.Auth, svc.People, svc.Missing, now); err != nil {
			return fmt.Errorf("demo missing episodes: %w", err)
		}
		if err := demo.SeedPhilomena(ctx, svc.Auth, svc.People, svc.Philomena); err != nil {
			return fmt.Errorf("demo Philomena profiles: %w", err)
		}
		fmt.Fprintf(out, "Demo data created in %s.\n", time.Since(start).Round(time.Millisecond)) // timing
	}
	fmt.Fprint(out, demo.SignIns())
	return nil
}

func demoCmd(ctx context.Context, now func() time.Time, args []string, e env, out io.Writer) error {
	fs := newFlags("demo")
	var dsn, size string
	var seed uint64
	dbFlag(fs, e, &dsn)
	fs.StringVar(&size, "size", "small", "small (a few hundred people) or region (100,000)")
	fs.Uint64Var(&seed, "seed", 1, "the same seed gives the same people")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, closeFn, err := open(ctx, dsn, now, e)
	if err != nil {
		return err
	}
	defer closeFn()
	return seedDemo(ctx, s, size, seed, out)
}
