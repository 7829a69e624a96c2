//! What the reader keeps of the record being read: where it and each field begin and end, the
//! limits on them, and the record handed to the consumer when its line ends.

use super::*;

impl Reader {
    pub(super) fn begin_record(&mut self, pos: usize) {
        self.record_line = self.line;
        self.record_byte = self.offset + pos as u64;
        self.base = -(pos as isize);
        self.in_carry = false;
        self.fields.clear();
        self.content_total = 0;
        self.any_escaped = false;
        self.nul_column = None;
        self.exact = true;
        self.state = State::FieldStart;
    }

    pub(super) fn note_nul(&mut self) {
        if self.nul_column.is_none() {
            self.nul_column = Some(self.fields.len() + 1);
        }
    }

    /// The position of the field being read, on `line`.
    pub(super) fn position(&self, line: u64) -> crate::Position {
        crate::Position {
            line,
            column: self.fields.len() as u64 + 1,
            record: self.records + 1,
            byte: self.record_byte,
        }
    }

    /// Checks the open field's `content` bytes against the limits: whichever limit the field's
    /// bytes cross first is reported (the field limit on a tie), so the answer does not
    /// depend on where chunks end.
    #[inline]
    pub(super) fn check_limits(&self, content: usize) -> Result<()> {
        let room = self.limits.max_record_bytes - self.content_total;
        if content <= self.limits.max_field_bytes && content <= room {
            return Ok(());
        }
        self.limit_error(content)
    }

    #[cold]
    pub(super) fn limit_error(&self, content: usize) -> Result<()> {
        let Limits {
            max_field_bytes,
            max_record_bytes,
            ..
        } = self.limits;
        let field_cross = (content > max_field_bytes).then_some(max_field_bytes);
        let room = max_record_bytes.saturating_sub(self.content_total);
        let record_cross = (content > room).then_some(room);
        let position = self.position(self.record_line);
        match (field_cross, record_cross) {
            (Some(f), Some(r)) if r < f => Err(errors::record_too_long(position, max_record_bytes)),
            (Some(_), _) => Err(errors::field_too_long(position, max_field_bytes)),
            (None, Some(_)) => Err(errors::record_too_long(position, max_record_bytes)),
            (None, None) => Ok(()),
        }
    }

    /// The open field ends with content byte `end` (exclusive).
    #[inline(always)]
    pub(super) fn end_field(&mut self, end: usize, escaped: bool) -> Result<()> {
        let content = end - self.field_start - self.escapes;
        self.check_limits(content)?;
        if self.fields.len() == self.limits.max_columns {
            let position = self.position(self.record_line);
            return Err(errors::too_many_columns(position, self.limits.max_columns));
        }
        self.fields.push(Field {
            start: self.field_start,
            end,
            escaped,
        });
        self.content_total += content;
        self.any_escaped |= escaped;
        Ok(())
    }

    /// The record ends at `chunk[end]` (its line end; or at the end of the input, when it
    /// lies whole in `carry`).
    pub(super) fn end_record<F>(&mut self, chunk: &[u8], end: usize, emit: &mut F) -> Result<()>
    where
        F: FnMut(&Record, Option<crate::Error>) -> Result<Flow>,
    {
        self.records += 1;
        self.state = State::RecordStart;
        let raw = if self.in_carry {
            self.carry.extend_from_slice(&chunk[..end]);
            &self.carry[..]
        } else {
            &chunk[(-self.base) as usize..end]
        };
        // One validation per chunk covers every record inside its valid prefix; past the
        // first invalid byte, validity is worked out again from the end of this record.
        let raw_is_utf8 = if !self.in_carry && end <= self.utf8_until {
            true
        } else {
            self.utf8_until = end + valid_utf8_prefix(&chunk[end..]);
            std::str::from_utf8(raw).is_ok()
        };
        // Only a record with escaped fields reads `unescaped`: the collapse of an earlier
        // record is forgotten before one does.
        if self.any_escaped {
            self.unescaped.reset();
        }
        let record = Record::new(
            raw,
            &[],
            &self.fields,
            self.record_line,
            self.records,
            self.record_byte,
        )
        .with_exact(self.exact.then_some([self.delimiter, self.quote]))
        .with_lazy(self.any_escaped.then_some(&self.unescaped));
        let expected = *self.expected_fields.get_or_insert(record.len());
        let problem = record::problem(&record, self.nul_column, raw_is_utf8, expected);
        // The usual record passes a constant `None`, which costs less to hand on.
        let flow = match problem {
            None => emit(&record, None)?,
            problem => emit(&record, problem)?,
        };
        self.in_carry = false;
        self.carry.clear();
        // Where the stop is worked out once the chunk's scan ends (see `Reader::stopped_at`).
        self.stopped = flow == Flow::Stop;
        self.last_end = end;
        Ok(())
    }
}
