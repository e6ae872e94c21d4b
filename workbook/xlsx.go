package workbook

import (
	"archive/zip"
	"bytes"
	"strconv"
	"strings"
	"time"
)

// The package is the smallest SpreadsheetML file (ECMA-376 Part 1) that
// Excel and LibreOffice open without repair: content types, relationships,
// the core properties, the workbook, its styles and one part per sheet.
// Strings are inline (t="inlineStr"), so there is no shared-strings part.

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const (
	nsMain    = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsDocRels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkgRels = "http://schemas.openxmlformats.org/package/2006/relationships"
	relType   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	ctPrefix  = "application/vnd.openxmlformats-officedocument.spreadsheetml."
)

// zipTime is the modification time of every part, so that the same input
// gives the same bytes: the earliest a zip (MS-DOS) time can say.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// writePackage writes the parts of the workbook into a zip, in a fixed
// order, [Content_Types].xml first.
func writePackage(sheets []Sheet, names []string) ([]byte, error) {
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	var b []byte // one buffer, reused part after part
	part := func(name string, body []byte) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return err
		}
		_, err = w.Write(body)
		return err
	}
	n := len(sheets)

	b = append(b[:0], xmlHeader+`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
		`<Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="`+ctPrefix+`sheet.main+xml"/>`+
		`<Override PartName="/xl/styles.xml" ContentType="`+ctPrefix+`styles+xml"/>`...)
	for i := range n {
		b = append(b, `<Override PartName="/xl/worksheets/sheet`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `.xml" ContentType="`+ctPrefix+`worksheet+xml"/>`...)
	}
	b = append(b, `</Types>`...)
	if err := part("[Content_Types].xml", b); err != nil {
		return nil, err
	}

	b = append(b[:0], xmlHeader+`<Relationships xmlns="`+nsPkgRels+`">`+
		`<Relationship Id="rId1" Type="`+relType+`officeDocument" Target="xl/workbook.xml"/>`+
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>`+
		`</Relationships>`...)
	if err := part("_rels/.rels", b); err != nil {
		return nil, err
	}

	if err := part("docProps/core.xml", appendCore(b[:0], sheets)); err != nil {
		return nil, err
	}
	if err := part("xl/workbook.xml", appendWorkbook(b[:0], sheets, names)); err != nil {
		return nil, err
	}

	// Sheets are rId1…rIdn, the styles come after them.
	b = append(b[:0], xmlHeader+`<Relationships xmlns="`+nsPkgRels+`">`...)
	for i := range n {
		id := strconv.Itoa(i + 1)
		b = append(b, `<Relationship Id="rId`+id+`" Type="`+relType+`worksheet" Target="worksheets/sheet`+id+`.xml"/>`...)
	}
	b = append(b, `<Relationship Id="rId`+strconv.Itoa(n+1)+`" Type="`+relType+`styles" Target="styles.xml"/></Relationships>`...)
	if err := part("xl/_rels/workbook.xml.rels", b); err != nil {
		return nil, err
	}

	if err := part("xl/styles.xml", []byte(stylesXML)); err != nil {
		return nil, err
	}
	for i := range sheets {
		b = appendSheet(b[:0], &sheets[i], i == 0)
		if err := part("xl/worksheets/sheet"+strconv.Itoa(i+1)+".xml", b); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// appendCore appends the document properties: fieldbot as title and author,
// the first sheet title as subject. No dates, which would make two builds
// of the same input differ.
func appendCore(b []byte, sheets []Sheet) []byte {
	b = append(b, xmlHeader+`<cp:coreProperties`+
		` xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"`+
		` xmlns:dc="http://purl.org/dc/elements/1.1/">`+
		`<dc:title>fieldbot</dc:title>`...)
	for _, s := range sheets {
		if s.Title != "" {
			b = append(b, `<dc:subject>`...)
			b = appendEscaped(b, s.Title, false, false)
			b = append(b, `</dc:subject>`...)
			break
		}
	}
	return append(b, `<dc:creator>fieldbot</dc:creator><cp:lastModifiedBy>fieldbot</cp:lastModifiedBy></cp:coreProperties>`...)
}

// appendWorkbook appends the workbook part: the sheets in order and, for
// each sheet with an autofilter, the hidden name _xlnm._FilterDatabase
// over the filtered range, which Excel keeps beside the sheet's autoFilter.
func appendWorkbook(b []byte, sheets []Sheet, names []string) []byte {
	b = append(b, xmlHeader+`<workbook xmlns="`+nsMain+`" xmlns:r="`+nsDocRels+`">`+
		`<bookViews><workbookView/></bookViews><sheets>`...)
	for i, name := range names {
		id := strconv.Itoa(i + 1)
		b = append(b, `<sheet name="`...)
		b = appendEscaped(b, name, true, false)
		b = append(b, `" sheetId="`+id+`" r:id="rId`+id+`"/>`...)
	}
	b = append(b, `</sheets>`...)
	filters := false
	for i := range sheets {
		if len(sheets[i].Columns) == 0 {
			continue
		}
		if !filters {
			b = append(b, `<definedNames>`...)
			filters = true
		}
		l := sheetLayout(&sheets[i])
		b = append(b, `<definedName name="_xlnm._FilterDatabase" localSheetId="`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `" hidden="1">'`...)
		// In a formula a sheet name is quoted, an apostrophe doubled.
		b = appendEscaped(b, strings.ReplaceAll(names[i], "'", "''"), false, false)
		b = append(b, `'!`...)
		b = appendRange(b, true, 1, l.headerRow, l.lastCol, l.lastRow)
		b = append(b, `</definedName>`...)
	}
	if filters {
		b = append(b, `</definedNames>`...)
	}
	return append(b, `</workbook>`...)
}

// stylesXML holds the cell formats, in the order of the style* constants.
// The number formats 3 "#,##0", 4 "#,##0.00" and 10 "0.00%" are built in;
// the date needs a custom code (164, the first free id), because built-in 14
// follows the reader's locale (m/d/yyyy in an English Excel). Fills 0 and 1
// are the none and gray125 that Excel reserves.
const stylesXML = xmlHeader + `<styleSheet xmlns="` + nsMain + `">` +
	`<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>` +
	`<fonts count="3">` +
	`<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><b val="1"/><sz val="12"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><b val="1"/><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`</fonts>` +
	`<fills count="3">` +
	`<fill><patternFill patternType="none"/></fill>` +
	`<fill><patternFill patternType="gray125"/></fill>` +
	`<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>` +
	`</fills>` +
	`<borders count="2">` +
	`<border><left/><right/><top/><bottom/><diagonal/></border>` +
	`<border><left/><right/><top/><bottom style="thin"><color rgb="FF8EA9DB"/></bottom><diagonal/></border>` +
	`</borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="7">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` + // styleDefault
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` + // styleTitle
	`<xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">` +
	`<alignment vertical="center"/></xf>` + // styleHeader
	`<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` + // styleGrouped
	`<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` + // stylePercent
	`<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` + // styleDecimal
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` + // styleDate
	`</cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`
