package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"
)

// Relationship types, by the end of their URI: both the transitional
// (officeDocument/2006) and the strict (purl.oclc.org) namespaces end so.
const (
	relOfficeDocument = "/officeDocument"
	relSharedStrings  = "/sharedStrings"
)

// unpackLimit is MaxUnpacked; tests lower it.
var unpackLimit int64 = MaxUnpacked

// pkg is an opened .xlsx: its parts by name and what is left of the
// unpacking budget.
type pkg struct {
	files  map[string]*zip.File
	budget int64
}

func readXLSX(data []byte) ([][]string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fail(KeyDamaged)
	}
	p := &pkg{files: map[string]*zip.File{}, budget: unpackLimit}
	for _, f := range zr.File {
		p.files[strings.TrimPrefix(f.Name, "/")] = f
	}

	// The workbook, through the package's relationships; "xl/workbook.xml"
	// when they do not say.
	wbPath := "xl/workbook.xml"
	if rels, err := p.rels("_rels/.rels", ""); err != nil {
		return nil, err
	} else if t, ok := rels.byType(relOfficeDocument); ok {
		wbPath = t
	}
	if p.files[wbPath] == nil {
		return nil, fail(KeyNotSpreadsheet) // a .docx, a zip of photos
	}
	var wb struct {
		XMLName xml.Name
		Sheets  []struct {
			RID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
			// Strict Open XML files use another namespace for r:id.
			StrictRID string `xml:"http://purl.oclc.org/ooxml/officeDocument/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := p.unmarshal(wbPath, &wb); err != nil {
		return nil, err
	}
	switch {
	case wb.XMLName.Local != "workbook":
		return nil, fail(KeyNotSpreadsheet) // a .docx, a .pptx
	case len(wb.Sheets) == 0:
		return nil, fail(KeyDamaged)
	}
	wbRels, err := p.rels(relsPath(wbPath), path.Dir(wbPath))
	if err != nil {
		return nil, err
	}
	rid := wb.Sheets[0].RID
	if rid == "" {
		rid = wb.Sheets[0].StrictRID
	}
	sheetPath, ok := wbRels.byID[rid]
	if !ok || p.files[sheetPath] == nil {
		return nil, fail(KeyDamaged)
	}

	var shared []string
	if ssPath, ok := wbRels.byType(relSharedStrings); ok && p.files[ssPath] != nil {
		if shared, err = p.sharedStrings(ssPath); err != nil {
			return nil, err
		}
	}
	return p.worksheet(sheetPath, shared)
}

// open returns a reader of a part's unpacked bytes that fails once the
// package's budget is spent or the part expands too much.
func (p *pkg) open(name string) (io.ReadCloser, error) {
	f := p.files[name]
	if f == nil {
		return nil, fail(KeyDamaged)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fail(KeyDamaged)
	}
	return &bombGuard{rc: rc, p: p, packed: int64(f.CompressedSize64)}, nil
}

// bombGuard counts what comes out of one part.
type bombGuard struct {
	rc     io.ReadCloser
	p      *pkg
	packed int64
	n      int64
	err    error
}

var errUnpacked = fail(KeyUnpackedTooBig, "max", strconv.Itoa(MaxUnpacked>>20))

func (g *bombGuard) Read(b []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	// Never hand out more than the budget allows, so that the check
	// below sees the excess before anything uses it.
	if int64(len(b)) > g.p.budget+1 {
		b = b[:g.p.budget+1]
	}
	n, err := g.rc.Read(b)
	g.n += int64(n)
	g.p.budget -= int64(n)
	if g.p.budget < 0 || (g.n > ratioFloor && g.n > maxRatio*max(g.packed, 1)) {
		g.err = errUnpacked
		return 0, g.err
	}
	if err != nil && err != io.EOF {
		// A checksum or inflate failure, or a part longer than declared.
		g.err = fail(KeyDamaged)
		return n, g.err
	}
	return n, err
}

func (g *bombGuard) Close() error { return g.rc.Close() }

// decoder returns an XML decoder over a part, with the caller's close.
func (p *pkg) decoder(name string) (*xml.Decoder, io.Closer, error) {
	rc, err := p.open(name)
	if err != nil {
		return nil, nil, err
	}
	d := xml.NewDecoder(rc)
	d.Strict = true
	// Parts declare UTF-8 (or UTF-16, which Excel does not write); no
	// other charset is read.
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") {
			return input, nil
		}
		return nil, errors.New("charset " + label)
	}
	return d, rc, nil
}

// unmarshal decodes a small part (workbook, relationships) into v.
func (p *pkg) unmarshal(name string, v any) error {
	d, c, err := p.decoder(name)
	if err != nil {
		return err
	}
	defer c.Close()
	return asSheetError(d.Decode(v))
}

// asSheetError keeps a refusal found while reading (a bomb) and calls
// anything else damage.
func asSheetError(err error) error {
	if err == nil {
		return nil
	}
	var se *Error
	if errors.As(err, &se) {
		return se
	}
	return fail(KeyDamaged)
}

// relations is one relationships part, its targets resolved to part names.
type relations struct {
	byID  map[string]string
	types map[string]string // target by type URI
}

func (r relations) byType(suffix string) (string, bool) {
	for t, target := range r.types {
		if strings.HasSuffix(t, suffix) {
			return target, true
		}
	}
	return "", false
}

// relsPath is the relationships part of a part: xl/workbook.xml →
// xl/_rels/workbook.xml.rels.
func relsPath(part string) string {
	return path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
}

// rels reads a relationships part; targets are relative to base ("" for
// the package root) unless they start with "/". A missing part is empty.
func (p *pkg) rels(name, base string) (relations, error) {
	r := relations{byID: map[string]string{}, types: map[string]string{}}
	if p.files[name] == nil {
		return r, nil
	}
	var x struct {
		Rel []struct {
			ID         string `xml:"Id,attr"`
			Type       string `xml:"Type,attr"`
			Target     string `xml:"Target,attr"`
			TargetMode string `xml:"TargetMode,attr"`
		} `xml:"Relationship"`
	}
	if err := p.unmarshal(name, &x); err != nil {
		return r, err
	}
	for _, rel := range x.Rel {
		if rel.TargetMode == "External" {
			continue
		}
		t := rel.Target
		if strings.HasPrefix(t, "/") {
			t = path.Clean(t)[1:]
		} else {
			t = path.Join(base, t)
		}
		r.byID[rel.ID] = t
		if _, seen := r.types[rel.Type]; !seen {
			r.types[rel.Type] = t
		}
	}
	return r, nil
}

// sharedStrings reads the shared strings table: each <si> is a plain <t>
// or rich-text runs <r><t>; phonetic hints (<rPh>) are not part of the text.
func (p *pkg) sharedStrings(name string) ([]string, error) {
	d, c, err := p.decoder(name)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var out []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, asSheetError(err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "si" {
			s, err := richText(d)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
	}
}

// richText reads the text of an <si> or <is> element whose start has been
// read, up to and including its end.
func richText(d *xml.Decoder) (string, error) {
	var b strings.Builder
	depth, inT, skip := 1, false, 0
	for depth > 0 {
		tok, err := d.Token()
		if err != nil {
			return "", asSheetError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case skip > 0:
				skip++
			case t.Name.Local == "rPh" || t.Name.Local == "phoneticPr":
				skip = 1
			case t.Name.Local == "t":
				inT = true
			}
		case xml.EndElement:
			depth--
			switch {
			case skip > 0:
				skip--
			case t.Name.Local == "t":
				inT = false
			}
		case xml.CharData:
			if inT && skip == 0 {
				b.Write(t)
			}
		}
	}
	return unescapeX(b.String()), nil
}

// unescapeX decodes Office's _xHHHH_ escapes (ST_Xstring): "_x000D_" is a
// carriage return, "_x005F_" an underscore.
func unescapeX(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				b.WriteRune(rune(v))
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// worksheet reads the cells of a worksheet part, streaming.
func (p *pkg) worksheet(name string, shared []string) ([][]string, error) {
	d, c, err := p.decoder(name)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var g grid
	row, col := 0, 0 // the current row and the last cell's column
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return g.rows, nil
		}
		if err != nil {
			return nil, asSheetError(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "row":
			next := row + 1
			if r := attr(se, "r"); r != "" {
				n, err := strconv.Atoi(r)
				if err != nil || n <= row || n > maxSheetRows {
					return nil, fail(KeyDamaged)
				}
				next = n
			}
			row, col = next, 0
		case "c":
			if row == 0 {
				return nil, fail(KeyDamaged)
			}
			r, c := row, col+1
			if ref := attr(se, "r"); ref != "" {
				var ok bool
				if r, c, ok = parseRef(ref); !ok || r != row || c <= col {
					return nil, fail(KeyDamaged)
				}
			}
			col = c
			v, err := cell(d, se, shared, r, c)
			if err != nil {
				return nil, err
			}
			if err := g.set(r, c, v); err != nil {
				return nil, err
			}
		}
	}
}

// Excel's own limits on a worksheet: anything beyond is damage.
const (
	maxSheetRows    = 1048576
	maxSheetColumns = 16384
)

// cell reads one <c> element whose start has been read, up to its end, and
// returns its text.
func cell(d *xml.Decoder, se xml.StartElement, shared []string, r, c int) (string, error) {
	var v, inline string
	var hasInline bool
	for {
		tok, err := d.Token()
		if err != nil {
			return "", asSheetError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "f":
				return "", fail(KeyFormula, "cell", string(appendRef(nil, c, r)))
			case "v":
				var s string
				if err := d.DecodeElement(&s, &t); err != nil {
					return "", asSheetError(err)
				}
				v = s
			case "is":
				s, err := richText(d)
				if err != nil {
					return "", err
				}
				inline, hasInline = s, true
			default:
				if err := d.Skip(); err != nil {
					return "", asSheetError(err)
				}
			}
		case xml.EndElement:
			switch attr(se, "t") {
			case "s":
				if v == "" {
					return "", nil
				}
				i, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil || i < 0 || i >= len(shared) {
					return "", fail(KeyDamaged)
				}
				return shared[i], nil
			case "inlineStr":
				if hasInline {
					return inline, nil
				}
				return unescapeX(v), nil
			case "b":
				switch strings.TrimSpace(v) {
				case "1":
					return "TRUE", nil
				case "0":
					return "FALSE", nil
				case "":
					return "", nil
				}
				return "", fail(KeyDamaged)
			case "str":
				return unescapeX(v), nil
			default: // n, e, d: the value as written
				return strings.TrimSpace(v), nil
			}
		}
	}
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// parseRef reads a cell reference such as "C14" (row 14, column 3); "$"
// anchors are not allowed in a cell's own reference.
func parseRef(ref string) (row, col int, ok bool) {
	i := 0
	for i < len(ref) && 'A' <= ref[i] && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
		if col > maxSheetColumns {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(ref) || ref[i] == '0' {
		return 0, 0, false
	}
	for ; i < len(ref); i++ {
		if ref[i] < '0' || ref[i] > '9' {
			return 0, 0, false
		}
		row = row*10 + int(ref[i]-'0')
		if row > maxSheetRows {
			return 0, 0, false
		}
	}
	return row, col, true
}

// appendRef appends the reference of a cell: column 3, row 14 → "C14".
func appendRef(b []byte, col, row int) []byte {
	var tmp [4]byte
	i := len(tmp)
	for c := col; c > 0; {
		c--
		i--
		tmp[i] = byte('A' + c%26)
		c /= 26
	}
	return strconv.AppendInt(append(b, tmp[i:]...), int64(row), 10)
}
