package telegramtest

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // register decoders: sendPhoto must be a real image
	_ "image/jpeg"
	_ "image/png"
	"mime"
	"net/http"
	"path"
	"strings"
)

// Telegram's limits for photos sent by bots.
const (
	maxPhotoBytes = 10 << 20
	maxPhotoSides = 10000 // width + height
	maxPhotoRatio = 20
	// Bots can download files of up to 20 MB (getFile).
	maxDownloadBytes = 20 << 20
)

// storedFile is a file the bot sent, by upload or by URL, addressable by
// file_id in later sends and by file_path through getFile.
type storedFile struct {
	id, uniqueID  string
	name, mime    string
	data          []byte
	url           string
	width, height int
	path          string
	hideSize      bool // file_size left out of updates and getFile
}

func (f *storedFile) photoSizes() []wirePhotoSize {
	return []wirePhotoSize{{FileID: f.id, FileUniqueID: f.uniqueID, Width: f.width, Height: f.height, FileSize: len(f.data)}}
}

func (f *storedFile) document() *wireDocument {
	d := &wireDocument{FileID: f.id, FileUniqueID: f.uniqueID, FileName: f.name, MimeType: f.mime, FileSize: len(f.data)}
	if f.hideSize {
		d.FileSize = 0
	}
	return d
}

// checkUpload inspects an uploaded photo or document before any state
// changes, answering as Telegram does for files it cannot use.
func checkUpload(kind string, up upload) (*storedFile, *apiError) {
	sf := &storedFile{name: up.name, data: up.data, mime: mime.TypeByExtension(path.Ext(up.name))}
	if len(up.data) == 0 {
		return nil, badRequest("file must be non-empty")
	}
	if sf.mime == "" {
		sf.mime = http.DetectContentType(up.data)
	}
	if kind != "photo" {
		return sf, nil
	}
	if len(up.data) > maxPhotoBytes {
		return nil, badRequest("file is too big")
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(up.data))
	switch {
	case err == nil:
		sf.width, sf.height, sf.mime = cfg.Width, cfg.Height, "image/"+format
	case isWebP(up.data): // no WebP decoder in the standard library
		sf.mime = "image/webp"
		return sf, nil
	default:
		return nil, badRequest("IMAGE_PROCESS_FAILED")
	}
	w, h := sf.width, sf.height
	if w == 0 || h == 0 || w+h > maxPhotoSides || w > h*maxPhotoRatio || h > w*maxPhotoRatio {
		return nil, badRequest("PHOTO_INVALID_DIMENSIONS")
	}
	return sf, nil
}

func isWebP(b []byte) bool {
	return len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP"
}

// resolveFile finds the file a send refers to: an upload (checked earlier
// into up), a file_id the bot got before, or an HTTP URL. The result is
// registered only by registerFile, once the send succeeds.
func (s *Server) resolveFile(value string, up *storedFile) (*storedFile, *apiError) {
	if up != nil {
		return up, nil
	}
	if sf, ok := s.files[value]; ok {
		return sf, nil
	}
	if strings.HasPrefix(value, "http://") || strings.HasPrefix(value, "https://") {
		return &storedFile{url: value, name: path.Base(value)}, nil
	}
	return nil, badRequest("wrong file identifier/HTTP URL specified")
}

// registerFile gives a new file its ids and makes it reusable.
func (s *Server) registerFile(kind string, sf *storedFile) {
	if sf.id != "" {
		return
	}
	s.fileSeq++
	prefix := "BQAC"
	if kind == "photo" {
		prefix = "AgAC"
	}
	sf.id = fmt.Sprintf("%s-fake-%08d", prefix, s.fileSeq)
	sf.uniqueID = fmt.Sprintf("AQAD%08d", s.fileSeq)
	if sf.data != nil {
		sf.path = fmt.Sprintf("%ss/file_%d%s", kind, s.fileSeq, path.Ext(sf.name))
	}
	s.files[sf.id] = sf
}

// sendMedia serves sendPhoto and sendDocument.
func sendMedia(kind string) handler {
	return func(s *Server, rq *request) (any, *apiError) {
		var up *storedFile
		if u, ok := rq.p.file(kind); ok {
			var err *apiError
			if up, err = checkUpload(kind, u); err != nil {
				return nil, err
			}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		c, err := s.target(rq)
		if err != nil {
			return nil, err
		}
		sf, err := s.resolveFile(rq.p.get(kind), up)
		if err != nil {
			return nil, err
		}
		if err := s.checkSend(c, rq); err != nil {
			return nil, err
		}
		s.registerFile(kind, sf)
		f := &File{Name: sf.name, Data: sf.data, Caption: rq.p.get("caption"), FileID: sf.id, URL: sf.url}
		m := &Message{Method: rq.m.Name, ParseMode: rq.p.get("parse_mode")}
		if kind == "photo" {
			m.Photo = f
		} else {
			m.Document = f
		}
		if rq.caption != nil {
			m.captionPlain, m.capEntities = rq.caption.plain, rq.caption.entities
		}
		applyMarkup(m, rq.markup)
		s.addMessage(c, m)
		return s.wireOf(c, m), nil
	}
}

type wireFile struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileSize     int    `json:"file_size,omitempty"`
	FilePath     string `json:"file_path,omitempty"`
}

func getFile(s *Server, rq *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sf, ok := s.files[rq.p.get("file_id")]
	if !ok {
		return nil, badRequest("invalid file_id")
	}
	if len(sf.data) > maxDownloadBytes {
		return nil, badRequest("file is too big")
	}
	wf := wireFile{FileID: sf.id, FileUniqueID: sf.uniqueID, FileSize: len(sf.data), FilePath: sf.path}
	if sf.hideSize {
		wf.FileSize = 0
	}
	return wf, nil
}

// serveFile answers /file/bot<token>/<file_path> downloads.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, rest string) {
	token, filePath, _ := strings.Cut(rest, "/")
	if token != s.Token {
		writeError(w, &apiError{Code: http.StatusUnauthorized, Description: "Unauthorized"})
		return
	}
	s.mu.Lock()
	var found *storedFile
	for _, sf := range s.files {
		if sf.path != "" && sf.path == filePath {
			found = sf
			break
		}
	}
	s.mu.Unlock()
	if found == nil {
		writeError(w, &apiError{Code: http.StatusNotFound, Description: "Not Found"})
		return
	}
	w.Header().Set("Content-Type", found.mime)
	_, _ = w.Write(found.data)
}
