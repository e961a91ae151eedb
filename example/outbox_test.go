package main

import (
	"context"
	"fmt"
	"testing"

	"github.com/kernia-go/kernia/core"
)

func TestOutboxKeepsNewest(t *testing.T) {
	o := &Outbox{Size: 3}
	for i := range 5 {
		if err := o.Send(context.Background(), core.Message{To: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	msgs := o.Messages()
	var got []string
	for _, m := range msgs {
		got = append(got, fmt.Sprintf("%d:%s", m.ID, m.To))
	}
	if want := "[5:4 4:3 3:2]"; fmt.Sprint(got) != want {
		t.Errorf("got %v, want %s", got, want)
	}
}
