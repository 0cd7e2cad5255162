//! A tracker's CSV export as a table: its header, its rows (quoted fields may hold commas and
//! line breaks; a byte-order mark and CRLF line ends are taken as they come), and errors that
//! point at the row and the column of a bad value.

use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::model::SourceFile;

pub struct Table<'a> {
    pub file: &'a SourceFile,
    headers: Vec<String>,
    pub rows: Vec<Row>,
}

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
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
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
        .at(self.file, field_span(&self.file.text, row.offset, column))
    }

    /// A short name for a row in reports: `issues.csv row 7`.
    pub fn origin(&self, row: &Row) -> String {
        format!("{} row {}", self.file.path, row.number)
    }
}

/// The bytes of field `column` of the record starting at `start`, found by walking the raw
/// text (quotes included, so the caret lands on the value as the file shows it).
fn field_span(text: &str, start: usize, column: usize) -> Range<usize> {
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
            b',' | b'\n' | b'\r' if !in_quotes => {
                if field == column {
                    return field_start..i;
                }
                if bytes[i] != b',' {
                    break;
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
        assert_eq!(field_span(text, 0, 0), 0..1);
        assert_eq!(field_span(text, 0, 1), 2..11);
        assert_eq!(field_span(text, 0, 2), 12..13);
        assert_eq!(field_span(text, 0, 3), 0..0);
        // From the line end before the second record.
        assert_eq!(field_span(text, 13, 1), 17..18);
        assert_eq!(field_span(text, 13, 2), 19..20);
        // The last field of a file without a final line end.
        assert_eq!(field_span("p,\"q\"", 0, 1), 2..5);
        assert_eq!(field_span("p,q", 0, 2), 0..0);
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
