//! Parquet event output: the columns of [`crate::tabular`], with Arrow
//! types.
//!
//! | columns | Arrow type |
//! |---|---|
//! | `article_date`, `SQLDATE` | `Date32` (null when missing or not a `YYYY-MM-DD` date) |
//! | `sentence_index` | `UInt32` |
//! | `span_start`, `span_end` | `UInt64` |
//! | `GoldsteinScale` | `Float32` |
//! | `QuadClass` | `Int8` |
//! | `issues` | `List<Struct<code: Utf8, count: UInt32>>` |
//! | every other column (codes included, so `036` keeps its zero) | `Utf8` |
//!
//! Required fields (`GLOBALEVENTID`, `article_id`, `date_source`,
//! `sentence_index`, `sentence`, `Actor1Code`, `Actor2Code`, `EventCode`,
//! `issues`, `coder_version`, `coder_dictionaries`) are non-nullable. Rows
//! are written in row groups of [`ParquetWriter::ROWS_PER_BATCH`] rows,
//! compressed with Snappy.

use std::io::{self, Write};
use std::sync::Arc;

use arrow_array::builder::{
    Date32Builder, Float32Builder, Int8Builder, ListBuilder, StringBuilder, StructBuilder,
    UInt32Builder, UInt64Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use dyad_core::date::Date;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::event_record::EventRecord;
use crate::tabular::{COLUMNS, date_source_name};

/// The Arrow schema of the Parquet output.
pub fn schema() -> SchemaRef {
    let mut fields = Vec::with_capacity(COLUMNS.len());
    for name in COLUMNS {
        let (data_type, nullable) = match name {
            "article_date" | "SQLDATE" => (DataType::Date32, true),
            "sentence_index" => (DataType::UInt32, false),
            "span_start" | "span_end" => (DataType::UInt64, true),
            "GoldsteinScale" => (DataType::Float32, true),
            "QuadClass" => (DataType::Int8, true),
            "issues" => (DataType::List(Arc::new(issue_item())), false),
            "GLOBALEVENTID" | "article_id" | "date_source" | "sentence" | "Actor1Code"
            | "Actor2Code" | "EventCode" | "coder_version" | "coder_dictionaries" => {
                (DataType::Utf8, false)
            }
            _ => (DataType::Utf8, true),
        };
        fields.push(Field::new(name, data_type, nullable));
    }
    Arc::new(Schema::new(fields))
}

fn issue_fields() -> Fields {
    Fields::from(vec![
        Field::new("code", DataType::Utf8, false),
        Field::new("count", DataType::UInt32, false),
    ])
}

fn issue_item() -> Field {
    Field::new("item", DataType::Struct(issue_fields()), true)
}

/// One builder per column.
struct Builders {
    strings: Vec<StringBuilder>,
    article_date: Date32Builder,
    date: Date32Builder,
    sentence_index: UInt32Builder,
    span_start: UInt64Builder,
    span_end: UInt64Builder,
    goldstein: Float32Builder,
    quad_class: Int8Builder,
    issues: ListBuilder<StructBuilder>,
}

/// Indexes of the string columns in [`Builders::strings`], in column order.
const N_STRINGS: usize = 20;

impl Builders {
    fn new() -> Builders {
        let issue_struct = StructBuilder::new(
            issue_fields(),
            vec![Box::new(StringBuilder::new()), Box::new(UInt32Builder::new())],
        );
        Builders {
            strings: (0..N_STRINGS).map(|_| StringBuilder::new()).collect(),
            article_date: Date32Builder::new(),
            date: Date32Builder::new(),
            sentence_index: UInt32Builder::new(),
            span_start: UInt64Builder::new(),
            span_end: UInt64Builder::new(),
            goldstein: Float32Builder::new(),
            quad_class: Int8Builder::new(),
            issues: ListBuilder::new(issue_struct).with_field(issue_item()),
        }
    }

    fn append(&mut self, r: &EventRecord) {
        let strings: [Option<&str>; N_STRINGS] = [
            Some(&r.event_id),
            Some(&r.article_id),
            r.url.as_deref(),
            Some(date_source_name(r.date_source)),
            r.sentence_id.as_deref(),
            Some(&r.sentence),
            Some(&r.source),
            Some(&r.target),
            r.source_text.as_deref(),
            r.target_text.as_deref(),
            r.source_country.as_deref(),
            r.target_country.as_deref(),
            Some(&r.code),
            r.root.as_deref(),
            r.name.as_deref(),
            r.plover.as_deref(),
            r.plover_mode.as_deref(),
            r.verb_text.as_deref(),
            Some(&r.coder.version),
            Some(&r.coder.dictionaries),
        ];
        for (builder, value) in self.strings.iter_mut().zip(strings) {
            builder.append_option(value);
        }
        let day = |d: &Option<String>| d.as_deref().and_then(parse_iso_date).map(Date::days);
        self.article_date.append_option(day(&r.article_date));
        self.date.append_option(day(&r.date));
        self.sentence_index.append_value(r.sentence_index);
        self.span_start.append_option(r.span.map(|s| s.start as u64));
        self.span_end.append_option(r.span.map(|s| s.end as u64));
        self.goldstein.append_option(r.goldstein);
        self.quad_class.append_option(r.quad_class.map(|q| q as i8));
        let items = self.issues.values();
        for issue in &r.issues {
            if let Some(code) = items.field_builder::<StringBuilder>(0) {
                code.append_value(&issue.code);
            }
            if let Some(count) = items.field_builder::<UInt32Builder>(1) {
                count.append_value(issue.count);
            }
            items.append(true);
        }
        self.issues.append(true);
    }

    /// The columns in [`COLUMNS`] order, emptying the builders.
    fn finish(&mut self) -> Vec<ArrayRef> {
        let mut strings = self.strings.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef);
        let mut next = || strings.next().unwrap_or_else(|| Arc::new(StringBuilder::new().finish()));
        let mut columns: Vec<ArrayRef> = Vec::with_capacity(COLUMNS.len());
        for name in COLUMNS {
            let column: ArrayRef = match name {
                "article_date" => Arc::new(self.article_date.finish()),
                "SQLDATE" => Arc::new(self.date.finish()),
                "sentence_index" => Arc::new(self.sentence_index.finish()),
                "span_start" => Arc::new(self.span_start.finish()),
                "span_end" => Arc::new(self.span_end.finish()),
                "GoldsteinScale" => Arc::new(self.goldstein.finish()),
                "QuadClass" => Arc::new(self.quad_class.finish()),
                "issues" => Arc::new(self.issues.finish()),
                _ => next(),
            };
            columns.push(column);
        }
        columns
    }
}

/// `YYYY-MM-DD` only.
fn parse_iso_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Date::parse_compact(text)
}

/// Writes event records to a Parquet file, a row group at a time.
pub struct ParquetWriter<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: SchemaRef,
    builders: Builders,
    n_buffered: usize,
}

impl<W: Write + Send> ParquetWriter<W> {
    /// Rows buffered before they are written as one row group.
    pub const ROWS_PER_BATCH: usize = 8192;

    /// A writer over `out`.
    ///
    /// # Errors
    ///
    /// Fails when the Parquet header cannot be written.
    pub fn new(out: W) -> io::Result<Self> {
        let schema = schema();
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("dyad {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer =
            ArrowWriter::try_new(out, schema.clone(), Some(props)).map_err(io::Error::other)?;
        Ok(ParquetWriter { writer, schema, builders: Builders::new(), n_buffered: 0 })
    }

    /// Buffers one record; a full batch is written out.
    ///
    /// # Errors
    ///
    /// Fails when writing a batch does.
    pub fn write(&mut self, record: &EventRecord) -> io::Result<()> {
        self.builders.append(record);
        self.n_buffered += 1;
        if self.n_buffered >= Self::ROWS_PER_BATCH {
            self.write_batch()?;
        }
        Ok(())
    }

    fn write_batch(&mut self) -> io::Result<()> {
        if self.n_buffered == 0 {
            return Ok(());
        }
        let columns = self.builders.finish();
        self.n_buffered = 0;
        let batch = RecordBatch::try_new(self.schema.clone(), columns).map_err(io::Error::other)?;
        self.writer.write(&batch).map_err(io::Error::other)?;
        self.writer.flush().map_err(io::Error::other)
    }

    /// Writes the buffered rows and the file footer; returns the underlying
    /// writer.
    ///
    /// # Errors
    ///
    /// Fails when writing does.
    pub fn finish(mut self) -> io::Result<W> {
        self.write_batch()?;
        self.writer.into_inner().map_err(io::Error::other)
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Date32Type, Float32Type, Int8Type, UInt32Type, UInt64Type};
    use arrow_array::{Array, StructArray};
    use bytes::Bytes;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    use super::*;
    use crate::tabular::tests::record;

    fn read_back(bytes: Vec<u8>) -> Vec<RecordBatch> {
        let builder = ParquetRecordBatchReaderBuilder::try_new(Bytes::from(bytes)).unwrap();
        assert_eq!(builder.schema().fields(), schema().fields());
        builder.build().unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn round_trip() {
        let mut w = ParquetWriter::new(Vec::new()).unwrap();
        let mut second = record(1);
        second.date = None;
        second.goldstein = None;
        second.quad_class = None;
        second.span = None;
        second.issues.clear();
        second.article_date = Some("not a date".into());
        w.write(&record(0)).unwrap();
        w.write(&second).unwrap();
        let batches = read_back(w.finish().unwrap());
        assert_eq!(batches.len(), 1);
        let batch = &batches[0];
        assert_eq!(batch.num_rows(), 2);
        let col = |name: &str| batch.column_by_name(name).unwrap().clone();

        let ids = col("GLOBALEVENTID");
        assert_eq!(ids.as_string::<i32>().value(1), "a-0-1");
        assert_eq!(col("EventCode").as_string::<i32>().value(0), "036");
        assert_eq!(col("sentence").as_string::<i32>().value(0), record(0).sentence);
        assert!(col("Actor2Name").is_null(0));
        let dates = col("SQLDATE");
        let dates = dates.as_primitive::<Date32Type>();
        assert_eq!(dates.value(0), Date::from_ymd(2016, 9, 4).unwrap().days());
        assert!(dates.is_null(1));
        assert!(col("article_date").is_null(1));
        let goldstein = col("GoldsteinScale");
        assert_eq!(goldstein.as_primitive::<Float32Type>().value(0), -0.1);
        assert!(goldstein.is_null(1));
        assert_eq!(col("QuadClass").as_primitive::<Int8Type>().value(0), 1);
        assert_eq!(col("sentence_index").as_primitive::<UInt32Type>().value(0), 7);
        assert_eq!(col("span_end").as_primitive::<UInt64Type>().value(0), 170);
        assert!(col("span_start").is_null(1));

        let issues = col("issues");
        let issues = issues.as_list::<i32>();
        assert_eq!(issues.value(1).len(), 0);
        let first = issues.value(0);
        let first: &StructArray = first.as_struct();
        assert_eq!(first.column(0).as_string::<i32>().value(0), "PEACE");
        assert_eq!(first.column(1).as_primitive::<UInt32Type>().value(0), 2);
    }

    #[test]
    fn many_rows_make_several_row_groups() {
        let mut w = ParquetWriter::new(Vec::new()).unwrap();
        let n = ParquetWriter::<Vec<u8>>::ROWS_PER_BATCH + 10;
        for i in 0..n {
            w.write(&record(i as u32)).unwrap();
        }
        let batches = read_back(w.finish().unwrap());
        let total: usize = batches.iter().map(RecordBatch::num_rows).sum();
        assert_eq!(total, n);
    }

    #[test]
    fn an_empty_file_has_the_schema() {
        let w = ParquetWriter::new(Vec::new()).unwrap();
        let batches = read_back(w.finish().unwrap());
        assert!(batches.iter().all(|b| b.num_rows() == 0));
    }
}
