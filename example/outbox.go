package main

import (
	"context"
	"encoding/json"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/kernia-go/kernia/core"
)

// defaultOutboxSize is how many messages an Outbox keeps by default.
const defaultOutboxSize = 100

// Outbox is a development mailer: it sends nothing, logs each message and
// keeps the latest ones so that they can be read at /dev/outbox. Links in
// verification and reset emails carry tokens, so an Outbox must never be
// used in production. It is safe for concurrent use.
type Outbox struct {
	// Logger receives one event per message; nil means quiet.
	Logger *slog.Logger
	// Size is how many messages are kept; 0 means 100.
	Size int
	// Now returns the current time; nil means time.Now.
	Now func() time.Time

	mu   sync.Mutex
	msgs []OutboxMessage
	next int
}

// OutboxMessage is a captured message, as /dev/outbox.json lists it.
type OutboxMessage struct {
	ID      int       `json:"id"`
	SentAt  time.Time `json:"sentAt"`
	To      string    `json:"to"`
	Subject string    `json:"subject"`
	Kind    string    `json:"kind,omitempty"`
	URL     string    `json:"url,omitempty"`
	Text    string    `json:"text,omitempty"`
	HTML    string    `json:"html,omitempty"`
}

// Send captures m.
func (o *Outbox) Send(ctx context.Context, m core.Message) error {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	o.mu.Lock()
	o.next++
	msg := OutboxMessage{ID: o.next, SentAt: now().UTC(), To: m.To, Subject: m.Subject,
		Kind: m.Kind, URL: m.URL, Text: m.Text, HTML: m.HTML}
	o.msgs = append(o.msgs, msg)
	if size := o.size(); len(o.msgs) > size {
		o.msgs = append([]OutboxMessage(nil), o.msgs[len(o.msgs)-size:]...)
	}
	o.mu.Unlock()
	if o.Logger != nil {
		o.Logger.InfoContext(ctx, "outbox: message captured", "id", msg.ID, "to", m.To,
			"subject", m.Subject, "kind", m.Kind, "url", m.URL)
	}
	return nil
}

func (o *Outbox) size() int {
	if o.Size > 0 {
		return o.Size
	}
	return defaultOutboxSize
}

// Messages returns the kept messages, newest first.
func (o *Outbox) Messages() []OutboxMessage {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make([]OutboxMessage, len(o.msgs))
	for i, m := range o.msgs {
		out[len(out)-1-i] = m
	}
	return out
}

// ServeJSON answers with the kept messages as a JSON array, newest first.
func (o *Outbox) ServeJSON(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(o.Messages())
}

var outboxPage = template.Must(template.New("outbox").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Outbox · Kernia example</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<main>
<h1>Development outbox</h1>
<p>Messages the server would have emailed, newest first. <a href="/">Back</a> ·
<a href="/dev/outbox.json">JSON</a></p>
{{range .}}
<article class="card">
<h2>{{.Subject}}</h2>
<p class="meta">#{{.ID}} to <b>{{.To}}</b> at {{.SentAt.Format "2006-01-02 15:04:05 UTC"}}
{{with .Kind}}({{.}}){{end}}</p>
{{with .URL}}<p><a href="{{.}}">{{.}}</a></p>{{end}}
{{with .Text}}<pre>{{.}}</pre>{{end}}
</article>
{{else}}
<p class="empty">No messages yet.</p>
{{end}}
</main>
</body>
</html>
`))

// ServeHTML answers with the kept messages as a page, newest first.
func (o *Outbox) ServeHTML(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	outboxPage.Execute(w, o.Messages())
}
