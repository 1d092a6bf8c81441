// GET /text with Go's net/http: the peer for bench/http/run.py. Same status, body and
// headers as the Mesh server (Content-Type: application/json; charset=utf-8,
// Content-Length: 13, no Date). Usage: go_server PORT
package main

import (
	"net/http"
	"os"
)

var body = []byte("Hello, World!")

func text(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h["Content-Type"] = []string{"application/json; charset=utf-8"}
	h["Content-Length"] = []string{"13"}
	h["Date"] = nil // the Mesh server sends no Date header
	w.WriteHeader(200)
	w.Write(body)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/text", text)
	if err := http.ListenAndServe("127.0.0.1:"+os.Args[1], mux); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
}
