package choice_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"mace/internal/platform/choice"
)

var levels = choice.Choices{
	{Code: "low", Label: "Low"},
	{Code: "medium", Label: "Medium", Hint: "scores 19 to 34"},
	{Code: "high", Label: "High"},
}

func TestChoices(t *testing.T) {
	if !levels.Has("medium") || levels.Has("Medium") || levels.Has("") {
		t.Error("Has must match codes exactly")
	}
	if got := levels.Label("high"); got != "High" {
		t.Errorf("Label(high) = %q", got)
	}
	if got := levels.Label("retired-code"); got != "retired-code" {
		t.Errorf("an unknown code shows as itself, got %q", got)
	}
	if got := levels.Codes(); !reflect.DeepEqual(got, []string{"low", "medium", "high"}) {
		t.Errorf("Codes = %v", got)
	}
	opts := levels.Options("medium", "high")
	want := []choice.Option{{Value: "low", Label: "Low"}, {Value: "medium", Label: "Medium", Hint: "scores 19 to 34", Selected: true},
		{Value: "high", Label: "High", Selected: true}}
	if !reflect.DeepEqual(opts, want) {
		t.Errorf("Options = %+v", opts)
	}
	b, _ := json.Marshal(levels[:2])
	if string(b) != `[{"code":"low","label":"Low"},{"code":"medium","label":"Medium","hint":"scores 19 to 34"}]` {
		t.Errorf("JSON = %s", b)
	}
}
