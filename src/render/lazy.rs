//! Views that templates read field by field. A need's full value (every
//! agency's part in it, by role and by area, and its routes) converted to a
//! template value for every need at once held 150 MiB at 10,000 agencies,
//! for the whole build; a [`Lazy`] view converts a field when a template
//! reads it, and the page drops it when it is rendered. A template sees the
//! same values as from the whole view converted: the same fields, in the
//! same order, each converted the same way.

use std::fmt;
use std::sync::Arc;

use minijinja::Value;
use minijinja::value::{Enumerator, Object, Serde};
use serde::Serialize;
use serde::ser::{self, Impossible, SerializeStruct, Serializer};

use super::directory::Directory;

/// Picks the view a [`Lazy`] shows out of the directory, by its position.
pub(crate) type Pick<T> = fn(&Directory, usize) -> Option<&T>;

/// One view of the directory (a need, a free page, an offer), shown to
/// templates field by field.
pub(crate) struct Lazy<T: 'static> {
    dir: Arc<Directory>,
    pick: Pick<T>,
    index: usize,
}

impl<T: Serialize + Send + Sync + 'static> Lazy<T> {
    /// The view at `index` that `pick` finds, as a template value.
    pub(crate) fn value(dir: &Arc<Directory>, pick: Pick<T>, index: usize) -> Value {
        Value::from_object(Lazy {
            dir: Arc::clone(dir),
            pick,
            index,
        })
    }

    /// Serialises the view into `field`.
    fn visit(&self, field: &mut Field<'_>) {
        if let Some(view) = (self.pick)(&self.dir, self.index) {
            // Only a struct serialises without an error; a view is one.
            let _ = view.serialize(field);
        }
    }
}

impl<T> fmt::Debug for Lazy<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lazy({})", self.index)
    }
}

impl<T: Serialize + Send + Sync + 'static> Object for Lazy<T> {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let mut field = Field::Find(key.as_str()?, None);
        self.visit(&mut field);
        match field {
            Field::Find(_, found) => found,
            Field::Keys(_) => None,
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let mut field = Field::Keys(Vec::new());
        self.visit(&mut field);
        match field {
            Field::Keys(keys) => Enumerator::Values(keys.into_iter().map(Value::from).collect()),
            Field::Find(..) => Enumerator::Empty,
        }
    }
}

/// A serializer that sees a struct's fields: it finds one by name and
/// converts only that one, or lists their names.
enum Field<'k> {
    Find(&'k str, Option<Value>),
    Keys(Vec<&'static str>),
}

/// What [`Field`] says of anything but a struct.
#[derive(Debug)]
struct NotAStruct;

impl fmt::Display for NotAStruct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a struct")
    }
}

impl std::error::Error for NotAStruct {}

impl ser::Error for NotAStruct {
    fn custom<M: fmt::Display>(_: M) -> Self {
        NotAStruct
    }
}

impl SerializeStruct for &mut Field<'_> {
    type Ok = ();
    type Error = NotAStruct;

    fn serialize_field<V: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &V,
    ) -> Result<(), NotAStruct> {
        match &mut **self {
            Field::Find(want, found) if *want == key => *found = Some(Value::from(Serde(value))),
            Field::Find(..) => {}
            Field::Keys(keys) => keys.push(key),
        }
        Ok(())
    }

    fn end(self) -> Result<(), NotAStruct> {
        Ok(())
    }
}

/// Methods of [`Serializer`] that fail: a view is a struct.
macro_rules! not_a_struct {
    ($($name:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $name(self, $(_: $arg),*) -> Result<$ok, NotAStruct> {
            Err(NotAStruct)
        })*
    };
}

impl Serializer for &mut Field<'_> {
    type Ok = ();
    type Error = NotAStruct;
    type SerializeSeq = Impossible<(), NotAStruct>;
    type SerializeTuple = Impossible<(), NotAStruct>;
    type SerializeTupleStruct = Impossible<(), NotAStruct>;
    type SerializeTupleVariant = Impossible<(), NotAStruct>;
    type SerializeMap = Impossible<(), NotAStruct>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), NotAStruct>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, NotAStruct> {
        Ok(self)
    }

    fn serialize_some<V: ?Sized + Serialize>(self, _: &V) -> Result<(), NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_newtype_struct<V: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &V,
    ) -> Result<(), NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_newtype_variant<V: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &V,
    ) -> Result<(), NotAStruct> {
        Err(NotAStruct)
    }

    not_a_struct! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_str(&str) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}
