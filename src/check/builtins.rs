//! The builtin functions' signatures, as the checker sees them. The interpreter gives them
//! their meaning; here each has its parameters and a rule for its result type.

/// What a builtin accepts for one argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accepts {
    /// Any value.
    Any,
    /// A string (or a value that may be absent).
    String,
    /// A list, a string or an object: something with a length.
    Collection,
    /// A resource object.
    Object,
}

impl Accepts {
    /// The accepted type as the signature shows it.
    pub fn describe(self) -> &'static str {
        match self {
            Accepts::Any => "any",
            Accepts::String => "string",
            Accepts::Collection => "list | string | object",
            Accepts::Object => "resource",
        }
    }
}

/// How a builtin's result type follows from its arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Returns {
    /// `bool`.
    Bool,
    /// `number`.
    Number,
    /// `string`.
    String,
    /// `list<string>`.
    Strings,
    /// A list of resources of the type named by the first string argument.
    ResourcesOfType,
    /// A list of resources of the type named by the second string argument.
    ChildrenOfType,
    /// The parent of the resource argument, typed when its schema is known.
    Parent,
    /// A resource of unknown type that may be absent.
    MaybeResource,
}

/// One builtin function.
#[derive(Debug)]
pub struct Builtin {
    /// Its name.
    pub name: &'static str,
    /// Its parameters: name and what each accepts.
    pub params: &'static [(&'static str, Accepts)],
    /// Its result.
    pub returns: Returns,
}

impl Builtin {
    /// The signature as documentation and diagnostics show it: `split(text: string, ...)`.
    pub fn signature(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|(name, accepts)| format!("{name}: {}", accepts.describe()))
            .collect();
        format!("{}({})", self.name, params.join(", "))
    }
}

/// Every builtin, in the order the documentation lists them.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "resources",
        params: &[("type", Accepts::String)],
        returns: Returns::ResourcesOfType,
    },
    Builtin {
        name: "resource",
        params: &[("id", Accepts::String)],
        returns: Returns::MaybeResource,
    },
    Builtin {
        name: "parent",
        params: &[("resource", Accepts::Object)],
        returns: Returns::Parent,
    },
    Builtin {
        name: "children",
        params: &[("resource", Accepts::Object), ("type", Accepts::String)],
        returns: Returns::ChildrenOfType,
    },
    Builtin {
        name: "lower",
        params: &[("text", Accepts::String)],
        returns: Returns::String,
    },
    Builtin {
        name: "upper",
        params: &[("text", Accepts::String)],
        returns: Returns::String,
    },
    Builtin {
        name: "len",
        params: &[("value", Accepts::Collection)],
        returns: Returns::Number,
    },
    Builtin {
        name: "split",
        params: &[("text", Accepts::String), ("separator", Accepts::String)],
        returns: Returns::Strings,
    },
    Builtin {
        name: "starts_with",
        params: &[("text", Accepts::String), ("prefix", Accepts::String)],
        returns: Returns::Bool,
    },
    Builtin {
        name: "ends_with",
        params: &[("text", Accepts::String), ("suffix", Accepts::String)],
        returns: Returns::Bool,
    },
    Builtin {
        name: "last_segment",
        params: &[("id", Accepts::String)],
        returns: Returns::String,
    },
    Builtin {
        name: "parent_id",
        params: &[("id", Accepts::String)],
        returns: Returns::String,
    },
    Builtin {
        name: "within",
        params: &[("id", Accepts::String), ("scope", Accepts::String)],
        returns: Returns::Bool,
    },
    Builtin {
        name: "exists",
        params: &[("value", Accepts::Any)],
        returns: Returns::Bool,
    },
];

/// Looks a builtin up by name.
pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|builtin| builtin.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        for (index, builtin) in BUILTINS.iter().enumerate() {
            let mut later = BUILTINS.iter().skip(index + 1);
            assert!(
                later.all(|other| other.name != builtin.name),
                "{} twice",
                builtin.name
            );
        }
    }

    #[test]
    fn signatures_read_like_calls() {
        let split = builtin("split").expect("split is a builtin");
        assert_eq!(split.signature(), "split(text: string, separator: string)");
    }
}
