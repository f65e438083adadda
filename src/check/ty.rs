//! Checker types: what a rule expression may hold, from scalars to resource schemas.

use std::fmt;
use std::rc::Rc;

/// The type of an expression, as the checker infers it.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// Data whose shape is unknown; every operation on it is allowed.
    Any,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// A string from a known set of values.
    Enum(Rc<EnumTy>),
    /// A list whose elements have one type.
    List(Rc<Ty>),
    /// An object with declared properties.
    Object(Rc<ObjectTy>),
    /// A resource whose schema is declared.
    Resource(Rc<ResourceTy>),
    /// A value that may be absent: a property marked `?`, or `T | null`.
    Optional(Rc<Ty>),
}

/// The values of an enum property.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumTy {
    /// The values as the schema spells them.
    pub values: Vec<String>,
    /// True for an open enum (`... | string`): other values may occur.
    pub open: bool,
}

/// The properties of an object type.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectTy {
    /// Declared properties, in schema order.
    pub fields: Vec<FieldTy>,
    /// True for a partial object (`..`): other properties may exist.
    pub open: bool,
    /// Where the object is declared, for messages: "`properties.networkAcls` of
    /// `Microsoft.Storage/storageAccounts`".
    pub origin: String,
}

/// One declared property.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldTy {
    /// The canonical spelling.
    pub name: String,
    /// Its type, already optional when the property may be absent.
    pub ty: Ty,
}

/// A declared resource type.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceTy {
    /// The type name as the schema spells it, such as `Microsoft.Storage/storageAccounts`.
    pub name: String,
    /// The shape of the resource object.
    pub body: Rc<ObjectTy>,
}

impl ObjectTy {
    /// Finds a property by name, case-insensitively, as ARM matches property names.
    pub fn field(&self, name: &str) -> Option<&FieldTy> {
        self.fields
            .iter()
            .find(|field| field.name.eq_ignore_ascii_case(name))
    }
}

impl Ty {
    /// The optional form of a type; optional and `null` stay as they are.
    pub fn optional(self) -> Ty {
        match self {
            Ty::Optional(_) | Ty::Null | Ty::Any => self,
            other => Ty::Optional(Rc::new(other)),
        }
    }

    /// The type without its optional wrapper.
    pub fn present(&self) -> &Ty {
        match self {
            Ty::Optional(inner) => inner,
            other => other,
        }
    }

    /// Whether a value of this type may be absent.
    pub fn is_optional(&self) -> bool {
        matches!(self, Ty::Optional(_))
    }

    /// Whether a value of this type is usable as a condition.
    pub fn is_bool_like(&self) -> bool {
        matches!(self.present(), Ty::Bool | Ty::Any | Ty::Null)
    }

    /// Whether a value of this type is a string of some kind.
    pub fn is_string_like(&self) -> bool {
        matches!(
            self.present(),
            Ty::String | Ty::Enum(_) | Ty::Any | Ty::Null
        )
    }

    /// The element type when this is a list (or unknown data, which may be one).
    pub fn element(&self) -> Option<Ty> {
        match self.present() {
            Ty::List(element) => Some((**element).clone()),
            Ty::Any => Some(Ty::Any),
            _ => None,
        }
    }

    /// The broad kind of value, for comparing operands: enums are strings, resources objects.
    pub fn kind(&self) -> Kind {
        match self.present() {
            Ty::Any => Kind::Any,
            Ty::Null => Kind::Null,
            Ty::Bool => Kind::Bool,
            Ty::Number => Kind::Number,
            Ty::String | Ty::Enum(_) => Kind::String,
            Ty::List(_) => Kind::List,
            Ty::Object(_) | Ty::Resource(_) => Kind::Object,
            Ty::Optional(inner) => inner.kind(),
        }
    }
}

/// Broad kinds of value, used to decide whether two operands can be compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Unknown.
    Any,
    /// `null`.
    Null,
    /// A boolean.
    Bool,
    /// A number.
    Number,
    /// A string or enum.
    String,
    /// A list.
    List,
    /// An object or resource.
    Object,
}

impl Kind {
    /// Whether values of the two kinds can be meaningfully compared with `==`.
    pub fn comparable(self, other: Kind) -> bool {
        let unknown = |kind: Kind| matches!(kind, Kind::Any | Kind::Null);
        self == other || unknown(self) || unknown(other)
    }

    /// The kind as a rule author would name it.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Any => "any",
            Kind::Null => "null",
            Kind::Bool => "bool",
            Kind::Number => "number",
            Kind::String => "string",
            Kind::List => "list",
            Kind::Object => "object",
        }
    }
}

/// Whether a JSON value, such as a parameter set on the command line, has type `ty`. Enum
/// values match regardless of case, as Azure compares them.
pub fn json_fits(ty: &Ty, value: &serde_json::Value) -> bool {
    use serde_json::Value as Json;
    match (ty, value) {
        (Ty::Any, _) | (Ty::Optional(_), Json::Null) | (Ty::Null, Json::Null) => true,
        (Ty::Optional(inner), value) => json_fits(inner, value),
        (Ty::Bool, Json::Bool(_))
        | (Ty::Number, Json::Number(_))
        | (Ty::String, Json::String(_)) => true,
        (Ty::Enum(values), Json::String(text)) => {
            values.open || values.values.iter().any(|v| v.eq_ignore_ascii_case(text))
        }
        (Ty::List(element), Json::Array(items)) => {
            items.iter().all(|item| json_fits(element, item))
        }
        (Ty::Object(_) | Ty::Resource(_), Json::Object(_)) => true,
        _ => false,
    }
}

/// Whether a value of type `actual` may stand where `expected` is declared.
pub fn assignable(expected: &Ty, actual: &Ty) -> bool {
    match (expected.present(), actual.present()) {
        (Ty::List(expected), Ty::List(actual)) => assignable(expected, actual),
        (Ty::Resource(expected), Ty::Resource(actual)) => {
            expected.name.eq_ignore_ascii_case(&actual.name)
        }
        (expected, actual) => expected.kind().comparable(actual.kind()),
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Any => f.write_str("any"),
            Ty::Null => f.write_str("null"),
            Ty::Bool => f.write_str("bool"),
            Ty::Number => f.write_str("number"),
            Ty::String => f.write_str("string"),
            // Enum values are listed where they matter; as a type an enum is a string.
            Ty::Enum(_) => f.write_str("string"),
            Ty::List(element) => write!(f, "list<{element}>"),
            Ty::Object(_) => f.write_str("object"),
            Ty::Resource(resource) => write!(f, "resource(\"{}\")", resource.name),
            Ty::Optional(inner) => write!(f, "{inner}?"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_wraps_once() {
        let ty = Ty::String.optional().optional();
        assert_eq!(ty, Ty::Optional(Rc::new(Ty::String)));
        assert_eq!(ty.present(), &Ty::String);
        assert_eq!(Ty::Any.optional(), Ty::Any);
    }

    #[test]
    fn enums_compare_as_strings() {
        let status = Ty::Enum(Rc::new(EnumTy {
            values: vec!["Approved".into()],
            open: false,
        }));
        assert!(status.kind().comparable(Ty::String.kind()));
        assert!(!Ty::Bool.kind().comparable(Ty::String.kind()));
        assert!(Ty::Null.kind().comparable(Ty::Number.kind()));
    }

    #[test]
    fn display_reads_like_the_language() {
        let list = Ty::List(Rc::new(Ty::String)).optional();
        assert_eq!(list.to_string(), "list<string>?");
        let open = Ty::Enum(Rc::new(EnumTy {
            values: vec!["A".into(), "B".into()],
            open: true,
        }));
        assert_eq!(open.to_string(), "string");
    }

    #[test]
    fn fields_match_case_insensitively() {
        let object = ObjectTy {
            fields: vec![FieldTy {
                name: "publicNetworkAccess".into(),
                ty: Ty::String,
            }],
            open: false,
            origin: "`properties`".into(),
        };
        assert_eq!(
            object.field("PUBLICNETWORKACCESS").map(|f| f.name.as_str()),
            Some("publicNetworkAccess")
        );
        assert!(object.field("publicNetworkAcess").is_none());
    }
}
