//! A tracker's CSV export as a table: its header, its rows (quoted fields may hold commas and
//! line breaks; a byte-order mark and CRLF line ends are taken as they come; `,`, `;` or tabs
//! between the fields, as a spreadsheet saves it), and errors that point at the row and the
//! column of each bad value.

use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::model::SourceFile;

pub struct Table<'a> {
    pub file: &'a SourceFile,
    headers: Vec<String>,
    pub rows: Vec<Row>,
    /// The byte between fields.
    delimiter: u8,
}

/// After this many bad cells in one file, the rest are not reported: the first ones show
/// what is wrong.
pub const MAX_ERRORS: usize = 100;

pub struct Row {
    fields: Vec<String>,
    /// The row as a spreadsheet numbers it: the header is row 1.
    pub number: usize,
    /// Where the row starts in the file's text.
    offset: usize,
}

impl Row {
    /// The value in `column` (empty past the end of a short row), trimmed.
    pub fn get(&self, column: Option<usize>) -> &str {
        column
            .and_then(|c| self.fields.get(c))
            .map_or("", |f| f.trim())
    }
}

impl<'a> Table<'a> {
    /// Reads the whole file; rows may be shorter or longer than the header.
    pub fn read(file: &'a SourceFile) -> Result<Table<'a>, Diagnostic> {
        let delimiter = delimiter(&file.text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(file.text.as_bytes());
        let mut rows = Vec::new();
        for (index, record) in reader.records().enumerate() {
            let record = record.map_err(|e| csv_error(file, &e))?;
            let offset = record.position().map_or(0, |p| p.byte() as usize);
            rows.push(Row {
                fields: record.iter().map(str::to_string).collect(),
                number: index + 1,
                offset,
            });
        }
        if rows.is_empty() {
            return Err(Diagnostic::error("the file is empty").in_file(file.path.clone()));
        }
        let header = rows.remove(0);
        Ok(Table {
            file,
            headers: header.fields.iter().map(|h| h.trim().to_string()).collect(),
            rows,
            delimiter,
        })
    }

    /// The first column named any of `names` (exactly, then ignoring case).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.headers.iter().position(|h| h == n))
            .or_else(|| {
                names
                    .iter()
                    .find_map(|n| self.headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
            })
    }

    /// Every column named `name`, in order (Jira repeats `Sprint` once per sprint).
    pub fn columns(&self, name: &str) -> Vec<usize> {
        (0..self.headers.len())
            .filter(|&c| self.headers[c].eq_ignore_ascii_case(name))
            .collect()
    }

    pub fn header(&self, column: usize) -> &str {
        &self.headers[column]
    }

    /// An error unless every group of `required` names a column; each group lists a column's
    /// accepted spellings. The message lists the missing columns by name.
    pub fn require(&self, tracker: &str, required: &[&[&str]]) -> Result<(), Diagnostic> {
        let missing: Vec<String> = required
            .iter()
            .filter(|names| self.column(names).is_none())
            .map(|names| format!("`{}`", names[0]))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(Diagnostic::error(format!(
            "this is not a {tracker} CSV export: it lacks the column{} {}",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        ))
        .at(self.file, 0..0)
        .with_hint(format!(
            "export the issues from {tracker} as CSV with all columns, or name the right tracker"
        )))
    }

    /// An error about the value of `row` in `column`, pointing at it.
    pub fn error(&self, row: &Row, column: usize, message: &str) -> Diagnostic {
        Diagnostic::error(format!(
            "row {}, column `{}`: {message}",
            row.number,
            self.header(column)
        ))
        .at(
            self.file,
            field_span(&self.file.text, row.offset, column, self.delimiter),
        )
    }

    /// A short name for a row in reports: `issues.csv row 7`.
    pub fn origin(&self, row: &Row) -> String {
        format!("{} row {}", self.file.path, row.number)
    }
}

/// The errors of one row's cells, gathered so that every bad cell of a row is reported, not
/// only the first.
pub struct Cells<'t, 'a> {
    table: &'t Table<'a>,
    row: &'t Row,
    errors: Vec<Diagnostic>,
}

impl<'t, 'a> Cells<'t, 'a> {
    pub fn new(table: &'t Table<'a>, row: &'t Row) -> Cells<'t, 'a> {
        Cells {
            table,
            row,
            errors: Vec::new(),
        }
    }

    /// The cell of `column` read by `read`; `None` for an empty cell or a missing column, or
    /// (with the error kept) a cell that does not read.
    pub fn read<T>(
        &mut self,
        column: Option<usize>,
        read: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let column = column?;
        let text = self.row.get(Some(column));
        if text.is_empty() {
            return None;
        }
        read(text)
            .map_err(|message| {
                self.errors
                    .push(self.table.error(self.row, column, &message))
            })
            .ok()
    }

    /// Keeps an error about the cell of `column`.
    pub fn error(&mut self, column: usize, message: &str, hint: Option<&str>) {
        let error = self.table.error(self.row, column, message);
        self.errors.push(match hint {
            Some(hint) => error.with_hint(hint),
            None => error,
        });
    }

    /// The row's errors, if it has any.
    pub fn finish(self) -> Result<(), Vec<Diagnostic>> {
        match self.errors.is_empty() {
            true => Ok(()),
            false => Err(self.errors),
        }
    }
}

/// The first record of a CSV text: its column names, trimmed.
pub fn header(text: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    reader
        .records()
        .next()
        .and_then(Result::ok)
        .map(|record| record.iter().map(|h| h.trim().to_string()).collect())
        .unwrap_or_default()
}

/// A number as a spreadsheet writes it: `2.5`, or `2,5` where the comma is the decimal
/// separator; `None` for anything else.
pub fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    let decimal_comma = text
        .split_once(',')
        .filter(|(whole, fraction)| {
            !whole.is_empty()
                && !fraction.is_empty()
                && whole
                    .trim_start_matches('-')
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                && fraction.bytes().all(|b| b.is_ascii_digit())
        })
        .map(|(whole, fraction)| format!("{whole}.{fraction}"));
    decimal_comma
        .as_deref()
        .unwrap_or(text)
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

/// The errors of a file's rows, up to [`MAX_ERRORS`] of them, with a note when there are more.
pub fn capped(file: &SourceFile, mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if errors.len() > MAX_ERRORS {
        errors.truncate(MAX_ERRORS);
        errors.insert(
            0,
            Diagnostic::error(format!(
                "`{}` has more errors: sprintgen stopped after {MAX_ERRORS}",
                file.path
            ))
            .in_file(file.path.clone()),
        );
    }
    errors
}

/// The byte between the fields of a CSV file: `,`, or `;` (how a spreadsheet saves CSV where
/// the comma is the decimal separator), or a tab (a spreadsheet's "text" export): whichever
/// the header line holds most of outside quotes; `,` when it holds none.
pub fn delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in text.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(count) = counts.iter_mut().find(|(d, _)| *d == byte) {
                    count.1 += 1;
                }
            }
            _ => {}
        }
    }
    // The first of the most frequent, so that a tie keeps the comma.
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}

/// The bytes of field `column` of the record starting at `start`, found by walking the raw
/// text (quotes included, so the caret lands on the value as the file shows it).
fn field_span(text: &str, start: usize, column: usize, delimiter: u8) -> Range<usize> {
    // The reader's position may be on the line end before the record (CRLF files).
    let rest = text.get(start..).unwrap_or_default();
    let start = start + rest.len() - rest.trim_start_matches(['\r', '\n']).len();
    let bytes = text.as_bytes();
    let (mut field, mut field_start, mut in_quotes) = (0, start, false);
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if in_quotes && bytes.get(i + 1) == Some(&b'"') => i += 1,
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => {
                if field == column {
                    return field_start..i;
                }
                break;
            }
            byte if byte == delimiter && !in_quotes => {
                if field == column {
                    return field_start..i;
                }
                field += 1;
                field_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if field == column {
        field_start..i
    } else {
        start..start
    }
}

/// The file is text already (read as UTF-8, with the error that names it otherwise), so what
/// the reader finds is a CSV problem.
fn csv_error(file: &SourceFile, error: &csv::Error) -> Diagnostic {
    let offset = error.position().map_or(0, |p| p.byte() as usize);
    Diagnostic::error(format!("the file is not valid CSV: {error}")).at(file, offset..offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_keep_commas_and_line_breaks() {
        let file = SourceFile::new(
            "x.csv",
            "ID,Title,Estimate\r\nA-1,\"Log in, then \"\"out\"\"\r\nagain\",3\r\nA-2,Short\r\n",
        );
        let table = Table::read(&file).unwrap();
        let title = table.column(&["Title"]);
        assert_eq!(table.rows[0].get(title), "Log in, then \"out\"\r\nagain");
        assert_eq!(table.rows[0].number, 2);
        // A short row reads as empty past its end.
        assert_eq!(table.rows[1].get(table.column(&["Estimate"])), "");
        assert_eq!(table.rows[1].number, 3);
        // The caret lands on the quoted value, on the line where the row starts.
        let d = table.error(&table.rows[0], 1, "bad");
        let location = d.location.unwrap();
        assert_eq!((location.line, location.column), (2, 5));
        assert_eq!(d.message, "row 2, column `Title`: bad");
        let d = table.error(&table.rows[1], 0, "bad");
        assert_eq!(d.location.unwrap().line, 4);
    }

    #[test]
    fn field_spans_follow_quotes_and_line_ends() {
        // a , "b,""c""" , d CRLF x , y , z CRLF
        let text = "a,\"b,\"\"c\"\"\",d\r\nx,y,z\r\n";
        let span = |text, start, column| field_span(text, start, column, b',');
        assert_eq!(span(text, 0, 0), 0..1);
        assert_eq!(span(text, 0, 1), 2..11);
        assert_eq!(span(text, 0, 2), 12..13);
        assert_eq!(span(text, 0, 3), 0..0);
        // From the line end before the second record.
        assert_eq!(span(text, 13, 1), 17..18);
        assert_eq!(span(text, 13, 2), 19..20);
        // The last field of a file without a final line end.
        assert_eq!(span("p,\"q\"", 0, 1), 2..5);
        assert_eq!(span("p,q", 0, 2), 0..0);
        // Another delimiter; a comma is then part of a field.
        assert_eq!(field_span("a;2,5;c", 0, 1, b';'), 2..5);
        assert_eq!(field_span("a\tb\tc", 0, 2, b'\t'), 4..5);
    }

    #[test]
    fn the_delimiter_is_the_one_the_header_holds_most_of() {
        assert_eq!(delimiter("ID,Title,Estimate\n1;2;3;4\n"), b',');
        assert_eq!(delimiter("ID;Title;\"A,B,C\";Estimate\n1,2\n"), b';');
        assert_eq!(delimiter("ID\tTitle\tEstimate\n"), b'\t');
        assert_eq!(delimiter("ID\n"), b',');
        assert_eq!(delimiter("A,B;C\n"), b',');
    }

    #[test]
    fn a_semicolon_file_reads_as_a_comma_file_does() {
        let file = SourceFile::new("x.csv", "ID;Title;Estimate\r\nA-1;\"Log in; out\";2,5\r\n");
        let table = Table::read(&file).unwrap();
        assert_eq!(header(&file.text), ["ID", "Title", "Estimate"]);
        assert_eq!(table.rows[0].get(table.column(&["Title"])), "Log in; out");
        assert_eq!(table.rows[0].get(table.column(&["Estimate"])), "2,5");
        let d = table.error(&table.rows[0], 2, "bad");
        assert_eq!(d.location.unwrap().column, 19);
    }

    #[test]
    fn numbers_take_a_decimal_comma() {
        assert_eq!(number("2.5"), Some(2.5));
        assert_eq!(number("2,5"), Some(2.5));
        assert_eq!(number("-0,5"), Some(-0.5));
        assert_eq!(number(" 3 "), Some(3.0));
        assert_eq!(number("1,000,000"), None);
        assert_eq!(number(",5"), None);
        assert_eq!(number("NaN"), None);
        assert_eq!(number("three"), None);
    }

    #[test]
    fn every_bad_cell_of_a_row_is_kept() {
        let file = SourceFile::new("x.csv", "A,B,C\nx,y,3\n");
        let table = Table::read(&file).unwrap();
        let mut cells = Cells::new(&table, &table.rows[0]);
        let number = |t: &str| {
            t.parse::<u32>()
                .map_err(|_| format!("`{t}` is not a number"))
        };
        assert_eq!(cells.read(Some(0), number), None);
        assert_eq!(cells.read(Some(1), number), None);
        assert_eq!(cells.read(Some(2), number), Some(3));
        assert_eq!(cells.read(Some(9), number), None);
        assert_eq!(cells.read(None, number), None);
        let errors = cells.finish().unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "row 2, column `A`: `x` is not a number",
                "row 2, column `B`: `y` is not a number"
            ]
        );
        let many: Vec<Diagnostic> = (0..150).map(|_| Diagnostic::error("e")).collect();
        let capped = capped(&file, many);
        assert_eq!(capped.len(), MAX_ERRORS + 1);
        assert_eq!(
            capped[0].message,
            "`x.csv` has more errors: sprintgen stopped after 100"
        );
    }

    #[test]
    fn missing_columns_are_listed_by_name() {
        let file = SourceFile::new("x.csv", "Key,Summary\nA,B\n");
        let table = Table::read(&file).unwrap();
        let d = table
            .require("Linear", &[&["ID", "Id"], &["Summary"], &["Cycle Start"]])
            .unwrap_err();
        assert_eq!(
            d.message,
            "this is not a Linear CSV export: it lacks the columns `ID`, `Cycle Start`"
        );
        assert_eq!(table.column(&["summary"]), Some(1));
    }
}
