package civil

import (
	"time"
	_ "time/tzdata" // Europe/London must load even where the host has no zone files
)

// London is the zone every date and time is shown and reasoned about in;
// times are stored in UTC. It is the one London location of the service.
var London = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return l
}()

// InLondon is the date in London at instant t.
func InLondon(t time.Time) Date { return Of(t.In(London)) }
