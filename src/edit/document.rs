//! Changing one thing in a TOML document and nothing else: values keep the whitespace and
//! comments around them, new keys go where the format reference orders them (indented like
//! their neighbours), and new entries of a list look like the entries before them.

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::model::Date;

/// A TOML date value.
pub fn date(day: Date) -> Value {
    match day.to_string().parse::<toml_edit::Datetime>() {
        Ok(datetime) => Value::from(datetime),
        // A `Date` always prints as `YYYY-MM-DD`, which is a TOML date.
        Err(_) => Value::from(day.to_string()),
    }
}

/// Points as people write them: `3`, or `2.5`.
pub fn points(points: f64) -> Value {
    if points.fract() == 0.0 && points.abs() < 1e15 {
        Value::from(points as i64)
    } else {
        Value::from(points)
    }
}

/// Sets `key` in `table`: an existing value is replaced in place with its decoration (spacing
/// and a trailing comment) kept; a new key goes after the last key that does not come after it
/// in `order` (so a key `order` does not name goes last).
pub fn set(table: &mut Table, key: &str, mut value: Value, order: &[&str]) {
    if let Some(Item::Value(old)) = table.get_mut(key) {
        *value.decor_mut() = old.decor().clone();
        *old = value;
        return;
    }
    let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(order.len());
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    let anchor = keys.iter().rposition(|k| rank(k) <= rank(key));
    let indent = anchor
        .or((!keys.is_empty()).then_some(0))
        .and_then(|i| table.key(&keys[i]))
        .and_then(|k| k.leaf_decor().prefix().and_then(|p| p.as_str()))
        .map(|prefix| prefix.rsplit('\n').next().unwrap_or("").to_string())
        .filter(|indent| indent.chars().all(|c| c == ' ' || c == '\t'))
        .unwrap_or_default();
    table.insert(key, Item::Value(value));
    if let Some(mut new_key) = table.key_mut(key) {
        new_key.leaf_decor_mut().set_prefix(indent);
    }
    // The new key takes the place right after its anchor; the others keep their order.
    let slot = |k: &str| match keys.iter().position(|o| o == k) {
        Some(i) => 2 * i + 2,
        None => anchor.map_or(1, |a| 2 * a + 3),
    };
    table.sort_values_by(|a, _, b, _| slot(a.get()).cmp(&slot(b.get())));
}

/// Appends `entry` to `array` formatted like the entry before it (on its own line when the
/// entries are, on the same line otherwise).
pub fn push_like_last(array: &mut Array, entry: impl Into<Value>) {
    let mut entry = entry.into();
    match array.iter().last() {
        Some(last) => {
            let prefix = last.decor().prefix().and_then(|p| p.as_str()).unwrap_or("");
            // The first entry of a one-line list has no space before it; the next one has.
            let prefix = if array.len() == 1 && !prefix.contains('\n') {
                " "
            } else {
                prefix
            };
            let prefix = prefix.to_string();
            entry.decor_mut().set_prefix(prefix);
            entry.decor_mut().set_suffix("");
            array.push_formatted(entry);
        }
        None => array.push(entry),
    }
}

/// Inserts `table` into the list of tables at `key` of the document root (`[[items]]`), at
/// `index` or at the end, so that it is written there; a missing list is created after the
/// lists that come before it in `order`. Fails when `key` holds something else.
pub fn insert_table(
    document: &mut DocumentMut,
    key: &str,
    index: Option<usize>,
    mut table: Table,
    order: &[&str],
) -> Result<(), String> {
    table.decor_mut().set_prefix("\n");
    if !document.contains_key(key) {
        // Written after the last table with the same position, which the earlier lists hold.
        let earlier = &order[..order.iter().position(|o| *o == key).unwrap_or(order.len())];
        let position = document
            .iter()
            .filter(|(k, _)| earlier.contains(k))
            .filter_map(|(_, item)| item.as_array_of_tables())
            .flat_map(|tables| tables.iter().filter_map(Table::position))
            .max()
            .unwrap_or(0);
        table.set_position(Some(position));
        let mut list = ArrayOfTables::new();
        list.push(table);
        document.insert(key, Item::ArrayOfTables(list));
        return Ok(());
    }
    let list = document
        .get_mut(key)
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| format!("`{key}` is not written as `[[{key}]]` tables"))?;
    let index = index.unwrap_or(list.len()).min(list.len());
    if index == 0 {
        // A table without a position is written after the one before it; the first takes the
        // position of the entry it goes before.
        table.set_position(list.get(0).and_then(Table::position));
    }
    list.insert(index, table);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: [&str; 4] = ["id", "title", "points", "status"];

    #[test]
    fn a_new_key_goes_after_its_predecessor_indented_like_it() {
        let mut document: DocumentMut = "[t]\n  id = 1   # one\n  points = 3\n".parse().unwrap();
        let table = document["t"].as_table_mut().unwrap();
        set(table, "title", "x".into(), &ORDER);
        set(table, "status", "done".into(), &ORDER);
        set(table, "id", 2.into(), &ORDER);
        assert_eq!(
            document.to_string(),
            "[t]\n  id = 2   # one\n  title = \"x\"\n  points = 3\n  status = \"done\"\n"
        );
    }

    #[test]
    fn a_key_outside_the_order_goes_last_and_tabs_are_kept() {
        let mut document: DocumentMut = "[t]\n\tid = 1\n\tcolour = 2\n".parse().unwrap();
        let table = document["t"].as_table_mut().unwrap();
        set(table, "flavour", 3.into(), &ORDER);
        set(table, "title", "x".into(), &ORDER);
        assert_eq!(
            document.to_string(),
            "[t]\n\tid = 1\n\ttitle = \"x\"\n\tcolour = 2\n\tflavour = 3\n"
        );
    }

    #[test]
    fn points_are_written_as_people_write_them() {
        let written = |p: f64| points(p).to_string();
        assert_eq!(written(3.0), "3");
        assert_eq!(written(2.5), "2.5");
        assert_eq!(written(-1.0), "-1");
        // From 10^15 on, whole numbers stay floats: the cast to `i64` saturates not far above.
        assert_eq!(written(999_999_999_999_999.0), "999999999999999");
        assert_eq!(written(1e15), "1000000000000000.0");
    }

    #[test]
    fn list_entries_look_like_the_one_before() {
        let mut document: DocumentMut =
            "a = [\"x\"]\nb = [\n  \"x\",\n]\nc = []\n".parse().unwrap();
        for key in ["a", "b", "c"] {
            let list = document[key].as_array_mut().unwrap();
            push_like_last(list, "y");
        }
        assert_eq!(
            document.to_string(),
            "a = [\"x\", \"y\"]\nb = [\n  \"x\",\n  \"y\",\n]\nc = [\"y\"]\n"
        );
    }

    #[test]
    fn a_new_list_of_tables_goes_after_the_lists_before_it() {
        let mut document: DocumentMut =
            "n = 1\n\n[[items]]\nid = \"A\"\n\n[[risks]]\ntitle = \"R\"\n"
                .parse()
                .unwrap();
        let order = ["n", "items", "standups", "risks"];
        let mut standup = Table::new();
        standup.insert("day", toml_edit::value(1));
        insert_table(&mut document, "standups", None, standup.clone(), &order).unwrap();
        standup.insert("day", toml_edit::value(0));
        insert_table(&mut document, "standups", Some(0), standup, &order).unwrap();
        assert_eq!(
            document.to_string(),
            "n = 1\n\n[[items]]\nid = \"A\"\n\n[[standups]]\nday = 0\n\n[[standups]]\nday = 1\n\n[[risks]]\ntitle = \"R\"\n"
        );
        assert!(insert_table(&mut document, "n", None, Table::new(), &order).is_err());
    }
}
