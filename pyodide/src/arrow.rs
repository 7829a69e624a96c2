//! `run(..., format="arrow")`: the result as an object with `__arrow_c_stream__`, Arrow's
//! PyCapsule interface. The stream is Arrow's C data interface built here over the core's
//! Arrow IPC bytes: every column buffer handed out is a pointer into those bytes (no copy),
//! kept alive by the stream, its arrays and schema until their release callbacks run.

use csv_kernels::format::arrow::{read_stream, Stream};
use pyo3::prelude::*;
use std::ffi::{c_char, c_int, c_void, CString};
use std::ptr::{null, null_mut};
use std::sync::Arc;

#[repr(C)]
pub struct ArrowSchema {
    format: *const c_char,
    name: *const c_char,
    metadata: *const c_char,
    flags: i64,
    n_children: i64,
    children: *mut *mut ArrowSchema,
    dictionary: *mut ArrowSchema,
    release: Option<unsafe extern "C" fn(*mut ArrowSchema)>,
    private_data: *mut c_void,
}

#[repr(C)]
pub struct ArrowArray {
    length: i64,
    null_count: i64,
    offset: i64,
    n_buffers: i64,
    n_children: i64,
    buffers: *mut *const c_void,
    children: *mut *mut ArrowArray,
    dictionary: *mut ArrowArray,
    release: Option<unsafe extern "C" fn(*mut ArrowArray)>,
    private_data: *mut c_void,
}

#[repr(C)]
pub struct ArrowArrayStream {
    get_schema: Option<unsafe extern "C" fn(*mut ArrowArrayStream, *mut ArrowSchema) -> c_int>,
    get_next: Option<unsafe extern "C" fn(*mut ArrowArrayStream, *mut ArrowArray) -> c_int>,
    get_last_error: Option<unsafe extern "C" fn(*mut ArrowArrayStream) -> *const c_char>,
    release: Option<unsafe extern "C" fn(*mut ArrowArrayStream)>,
    private_data: *mut c_void,
}

const NULLABLE: i64 = 2;

/// The IPC bytes, 8-aligned (Arrow asks buffers to be), and where each buffer lies in them.
struct Data {
    words: Vec<u64>,
    stream: Stream,
}

impl Data {
    fn base(&self) -> *const u8 {
        self.words.as_ptr().cast()
    }
}

/// The output of `run(..., format="arrow")`: read it with `pyarrow.table(x)`,
/// `polars.DataFrame(x)` or `duckdb.sql("select * from x")`; `bytes(x)` is the IPC stream.
#[pyclass(frozen, name = "ArrowStream", module = "csv_kernels")]
pub struct ArrowStreamObject {
    data: Arc<Data>,
    len: usize,
}

impl ArrowStreamObject {
    /// Wraps the core's IPC stream (checked by reading it back).
    pub fn new(ipc: Vec<u8>) -> csv_kernels::Result<ArrowStreamObject> {
        let stream = read_stream(&ipc)?;
        // One copy into 8-aligned words: a Vec<u8> promises no alignment.
        let mut words = vec![0u64; ipc.len().div_ceil(8)];
        let bytes =
            unsafe { std::slice::from_raw_parts_mut(words.as_mut_ptr().cast::<u8>(), ipc.len()) };
        bytes.copy_from_slice(&ipc);
        Ok(ArrowStreamObject {
            data: Arc::new(Data { words, stream }),
            len: ipc.len(),
        })
    }
}

#[pymethods]
impl ArrowStreamObject {
    /// A new `ArrowArrayStream` over the result each call (so it can be read more than once).
    /// `requested_schema` is ignored: the types are the pipeline's.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let _ = requested_schema;
        let private = Box::new(StreamPrivate {
            data: self.data.clone(),
            next: 0,
        });
        let stream = Box::new(ArrowArrayStream {
            get_schema: Some(get_schema),
            get_next: Some(get_next),
            get_last_error: Some(get_last_error),
            release: Some(release_stream),
            private_data: Box::into_raw(private).cast(),
        });
        let raw = Box::into_raw(stream);
        let capsule = unsafe {
            pyo3::ffi::PyCapsule_New(
                raw.cast(),
                c"arrow_array_stream".as_ptr(),
                Some(drop_capsule),
            )
        };
        if capsule.is_null() {
            unsafe { drop_capsule_stream(raw) };
            return Err(PyErr::fetch(py));
        }
        Ok(unsafe { Bound::from_owned_ptr(py, capsule) })
    }

    fn __bytes__<'py>(&self, py: Python<'py>) -> Bound<'py, pyo3::types::PyBytes> {
        let bytes = unsafe { std::slice::from_raw_parts(self.data.base(), self.len) };
        pyo3::types::PyBytes::new(py, bytes)
    }

    fn __repr__(&self) -> String {
        let rows: usize = self.data.stream.batches.iter().map(|b| b.rows).sum();
        let columns: Vec<_> = self
            .data
            .stream
            .fields
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        format!(
            "<csv_kernels.ArrowStream {rows} rows: {}>",
            columns.join(", ")
        )
    }
}

/// The capsule's destructor: releases a stream no consumer took (one that did set its
/// `release` to null when it moved the struct out).
unsafe extern "C" fn drop_capsule(capsule: *mut pyo3::ffi::PyObject) {
    let raw = pyo3::ffi::PyCapsule_GetPointer(capsule, c"arrow_array_stream".as_ptr());
    if !raw.is_null() {
        drop_capsule_stream(raw.cast());
    }
}

unsafe fn drop_capsule_stream(raw: *mut ArrowArrayStream) {
    let mut stream = Box::from_raw(raw);
    if let Some(release) = stream.release {
        release(&mut *stream);
    }
}

struct StreamPrivate {
    data: Arc<Data>,
    next: usize,
}

unsafe extern "C" fn release_stream(stream: *mut ArrowArrayStream) {
    let stream = &mut *stream;
    drop(Box::from_raw(stream.private_data.cast::<StreamPrivate>()));
    stream.release = None;
}

unsafe extern "C" fn get_last_error(_: *mut ArrowArrayStream) -> *const c_char {
    null() // nothing here fails once the stream exists
}

/// What a schema or an array owns: the strings and child structs its pointers point into.
struct Owned<T> {
    _data: Option<Arc<Data>>,
    _strings: Vec<CString>,
    children: Vec<*mut T>,
    _child_pointers: Vec<*mut T>,
    _buffers: Vec<*const c_void>,
}

unsafe extern "C" fn get_schema(stream: *mut ArrowArrayStream, out: *mut ArrowSchema) -> c_int {
    let private = &*(*stream).private_data.cast::<StreamPrivate>();
    let children: Vec<*mut ArrowSchema> = private
        .data
        .stream
        .fields
        .iter()
        .map(|(name, ty)| {
            let name = CString::new(name.replace('\0', "")).unwrap_or_default();
            let format = CString::new(ty.c_format()).unwrap_or_default();
            Box::into_raw(Box::new(schema(format, Some(name), NULLABLE, Vec::new())))
        })
        .collect();
    out.write(schema(c"+s".to_owned(), None, 0, children));
    0
}

fn schema(
    format: CString,
    name: Option<CString>,
    flags: i64,
    children: Vec<*mut ArrowSchema>,
) -> ArrowSchema {
    let mut pointers = children.clone();
    let owned = Box::new(Owned {
        _data: None,
        _strings: Vec::new(),
        children,
        _child_pointers: Vec::new(),
        _buffers: Vec::new(),
    });
    let schema = ArrowSchema {
        format: format.as_ptr(),
        name: name.as_ref().map_or(null(), |n| n.as_ptr()),
        metadata: null(),
        flags,
        n_children: pointers.len() as i64,
        children: if pointers.is_empty() {
            null_mut()
        } else {
            pointers.as_mut_ptr()
        },
        dictionary: null_mut(),
        release: Some(release_schema),
        private_data: null_mut(),
    };
    // CStrings and the pointer vector keep their heap data when moved into `owned`.
    let mut owned = owned;
    owned._strings = [Some(format), name].into_iter().flatten().collect();
    owned._child_pointers = pointers;
    ArrowSchema {
        private_data: Box::into_raw(owned).cast(),
        ..schema
    }
}

unsafe extern "C" fn release_schema(schema: *mut ArrowSchema) {
    let schema = &mut *schema;
    let owned = Box::from_raw(schema.private_data.cast::<Owned<ArrowSchema>>());
    for &child in &owned.children {
        if let Some(release) = (*child).release {
            release(child);
        }
        drop(Box::from_raw(child));
    }
    schema.release = None;
}

unsafe extern "C" fn get_next(stream: *mut ArrowArrayStream, out: *mut ArrowArray) -> c_int {
    let private = &mut *(*stream).private_data.cast::<StreamPrivate>();
    let data = private.data.clone();
    let Some(batch) = data.stream.batches.get(private.next) else {
        // The end of the stream: a released array.
        out.write(ArrowArray {
            length: 0,
            null_count: 0,
            offset: 0,
            n_buffers: 0,
            n_children: 0,
            buffers: null_mut(),
            children: null_mut(),
            dictionary: null_mut(),
            release: None,
            private_data: null_mut(),
        });
        return 0;
    };
    private.next += 1;
    let children = batch
        .columns
        .iter()
        .map(|column| {
            let buffers = column
                .buffers
                .iter()
                .enumerate()
                .map(|(i, range)| {
                    // No validity buffer when nothing is null: a null pointer says so.
                    if i == 0 && column.null_count == 0 {
                        null()
                    } else {
                        data.base().add(range.start).cast()
                    }
                })
                .collect();
            let child = array(
                batch.rows,
                column.null_count,
                buffers,
                Vec::new(),
                Some(data.clone()),
            );
            Box::into_raw(Box::new(child))
        })
        .collect();
    out.write(array(
        batch.rows,
        0,
        vec![null()],
        children,
        Some(data.clone()),
    ));
    0
}

fn array(
    rows: usize,
    nulls: usize,
    mut buffers: Vec<*const c_void>,
    children: Vec<*mut ArrowArray>,
    data: Option<Arc<Data>>,
) -> ArrowArray {
    let mut pointers = children.clone();
    let array = ArrowArray {
        length: rows as i64,
        null_count: nulls as i64,
        offset: 0,
        n_buffers: buffers.len() as i64,
        n_children: pointers.len() as i64,
        buffers: buffers.as_mut_ptr(),
        children: pointers.as_mut_ptr(),
        dictionary: null_mut(),
        release: Some(release_array),
        private_data: null_mut(),
    };
    let owned = Box::new(Owned {
        _data: data,
        _strings: Vec::new(),
        children,
        _child_pointers: pointers,
        _buffers: buffers,
    });
    ArrowArray {
        private_data: Box::into_raw(owned).cast(),
        ..array
    }
}

unsafe extern "C" fn release_array(array: *mut ArrowArray) {
    let array = &mut *array;
    let owned = Box::from_raw(array.private_data.cast::<Owned<ArrowArray>>());
    for &child in &owned.children {
        // A consumer that moved a child out set its release to null.
        if let Some(release) = (*child).release {
            release(child);
        }
        drop(Box::from_raw(child));
    }
    array.release = None;
}
