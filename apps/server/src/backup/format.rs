//! The plaintext inside an encrypted backup: a sequence of records.
//!
//! - `M` manifest (JSON), first;
//! - `T` a table: its name and the columns of the rows that follow (JSON);
//! - `R` a batch of that table's rows (JSON arrays of tagged values);
//! - `F` a media file: relative path, size (u64), then the bytes;
//! - `E` the end.
//!
//! Lengths are big-endian u32 (JSON) or u64 (files).

use std::io::{self, Read, Write};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use socialflow_core::privacy::CellValue;
use time::PrimitiveDateTime;
use time::macros::format_description;

pub const FORMAT: &str = "socialflow-backup/1";
/// JSON records larger than this are refused when reading.
const MAX_JSON: usize = 256 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: String,
    /// `sqlite` or `mariadb`.
    pub backend: String,
    pub schema_version: i64,
    pub created_at: String,
    pub tables: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct TableHeader {
    pub name: String,
    pub columns: Vec<String>,
}

pub enum Record {
    Manifest(Manifest),
    Table(TableHeader),
    Rows(Vec<Vec<CellValue>>),
    /// A file's relative path and size; its bytes follow in the stream.
    File(String, u64),
    End,
}

fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

const DATETIME: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day] [hour]:[minute]:[second].[subsecond digits:6]");

pub fn cell_to_json(v: &CellValue) -> Value {
    match v {
        CellValue::Null => Value::Null,
        CellValue::Int(n) => json!({ "i": n }),
        CellValue::Real(f) => json!({ "r": f }),
        CellValue::Text(s) => json!({ "s": s }),
        CellValue::Bytes(b) => json!({ "b": STANDARD.encode(b) }),
        CellValue::DateTime(t) => json!({ "d": t.format(DATETIME).unwrap_or_default() }),
    }
}

pub fn cell_from_json(v: &Value) -> io::Result<CellValue> {
    if v.is_null() {
        return Ok(CellValue::Null);
    }
    let obj = v
        .as_object()
        .filter(|o| o.len() == 1)
        .ok_or_else(|| bad("bad cell"))?;
    let (tag, val) = obj.iter().next().ok_or_else(|| bad("bad cell"))?;
    Ok(match (tag.as_str(), val) {
        ("i", Value::Number(n)) => CellValue::Int(n.as_i64().ok_or_else(|| bad("bad integer"))?),
        ("r", Value::Number(n)) => CellValue::Real(n.as_f64().ok_or_else(|| bad("bad real"))?),
        ("s", Value::String(s)) => CellValue::Text(s.clone()),
        ("b", Value::String(s)) => {
            CellValue::Bytes(STANDARD.decode(s).map_err(|_| bad("bad base64"))?)
        }
        ("d", Value::String(s)) => CellValue::DateTime(
            PrimitiveDateTime::parse(s, DATETIME).map_err(|_| bad("bad datetime"))?,
        ),
        _ => return Err(bad("bad cell")),
    })
}

fn write_json(w: &mut impl Write, tag: u8, value: &impl Serialize) -> io::Result<()> {
    let bytes = serde_json::to_vec(value).map_err(|e| bad(e.to_string()))?;
    let len = u32::try_from(bytes.len()).map_err(|_| bad("record too large"))?;
    w.write_all(&[tag])?;
    w.write_all(&len.to_be_bytes())?;
    w.write_all(&bytes)
}

pub fn write_manifest(w: &mut impl Write, m: &Manifest) -> io::Result<()> {
    write_json(w, b'M', m)
}

pub fn write_table(w: &mut impl Write, t: &TableHeader) -> io::Result<()> {
    write_json(w, b'T', t)
}

pub fn write_rows(w: &mut impl Write, rows: &[Vec<CellValue>]) -> io::Result<()> {
    let rows: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| r.iter().map(cell_to_json).collect())
        .collect();
    write_json(w, b'R', &rows)
}

/// Writes a file record header; the caller then writes exactly `size` bytes.
pub fn write_file_header(w: &mut impl Write, path: &str, size: u64) -> io::Result<()> {
    let len = u32::try_from(path.len()).map_err(|_| bad("path too long"))?;
    w.write_all(b"F")?;
    w.write_all(&len.to_be_bytes())?;
    w.write_all(path.as_bytes())?;
    w.write_all(&size.to_be_bytes())
}

pub fn write_end(w: &mut impl Write) -> io::Result<()> {
    w.write_all(b"E")
}

fn read_len(r: &mut impl Read) -> io::Result<usize> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    let n = u32::from_be_bytes(b) as usize;
    if n > MAX_JSON {
        return Err(bad("record too large"));
    }
    Ok(n)
}

fn read_json<T: for<'de> Deserialize<'de>>(r: &mut impl Read) -> io::Result<T> {
    let n = read_len(r)?;
    let mut buf = vec![0u8; n];
    r.read_exact(&mut buf)?;
    serde_json::from_slice(&buf).map_err(|e| bad(e.to_string()))
}

/// Reads the next record. For `File`, the caller must consume its bytes.
pub fn read_record(r: &mut impl Read) -> io::Result<Record> {
    let mut tag = [0u8; 1];
    r.read_exact(&mut tag)?;
    Ok(match tag[0] {
        b'M' => Record::Manifest(read_json(r)?),
        b'T' => Record::Table(read_json(r)?),
        b'R' => {
            let rows: Vec<Vec<Value>> = read_json(r)?;
            Record::Rows(
                rows.iter()
                    .map(|row| row.iter().map(cell_from_json).collect())
                    .collect::<io::Result<_>>()?,
            )
        }
        b'F' => {
            let n = read_len(r)?;
            let mut path = vec![0u8; n];
            r.read_exact(&mut path)?;
            let mut size = [0u8; 8];
            r.read_exact(&mut size)?;
            let path = String::from_utf8(path).map_err(|_| bad("bad file name"))?;
            Record::File(path, u64::from_be_bytes(size))
        }
        b'E' => Record::End,
        other => return Err(bad(format!("unknown record {other}"))),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn cells_round_trip_through_json() {
        for v in [
            CellValue::Null,
            CellValue::Int(-7),
            CellValue::Real(1.5),
            CellValue::Text("ключ \"x\"".into()),
            CellValue::Bytes(vec![0, 255, 16]),
            CellValue::DateTime(datetime!(2026-03-04 05:06:07.123456)),
        ] {
            assert_eq!(cell_from_json(&cell_to_json(&v)).unwrap(), v);
        }
        assert!(cell_from_json(&json!({"x": 1})).is_err());
    }
}
