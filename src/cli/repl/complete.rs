//! Line editing help for a terminal session: when a line is complete, and what Tab offers
//! (keywords, builtins, bound names, rule ids, resource types, and property names after a
//! `.`, from the schemas and from the loaded data).

use std::collections::BTreeSet;

use rustyline::completion::{Completer, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};
use serde_json::Value as Json;
use tenet::check::Ty;

use super::session::Session;

/// The reserved words and the metadata words, for completion.
const KEYWORDS: [&str; 31] = [
    "rule", "for", "in", "let", "when", "require", "param", "def", "use", "not", "and", "or",
    "implies", "all", "any", "count", "contains", "like", "matches", "true", "false", "null",
    "title", "severity", "effect", "docs", "message", "tags", "fix", "report", "resource",
];

/// The `:` commands, for completion.
const COMMANDS: [&str; 11] = [
    ":help",
    ":load",
    ":resources",
    ":rules",
    ":type",
    ":run",
    ":explain",
    ":params",
    ":set",
    ":reset",
    ":quit",
];

/// How many resources of a bound name's type are searched for property names.
const MAX_SAMPLES: usize = 500;

/// A name the session bound, with what completion knows about its properties.
struct BoundName {
    name: String,
    ty: Ty,
    /// The bound value and the loaded resources of its type.
    samples: Vec<Json>,
}

/// What Tab can offer, taken from the session after each line.
#[derive(Default)]
pub struct ReplHelper {
    words: BTreeSet<String>,
    types: BTreeSet<String>,
    bound: Vec<BoundName>,
}

impl ReplHelper {
    /// Takes the names and data that completion offers from the session.
    pub fn update(&mut self, session: &Session) {
        let program = &session.program;
        let mut words: BTreeSet<String> = KEYWORDS.iter().map(|w| w.to_string()).collect();
        words.extend(tenet::check::BUILTINS.iter().map(|b| b.name.to_string()));
        words.extend(program.defs().map(|def| def.name.node.clone()));
        words.extend(program.params().map(|param| param.name.node.clone()));
        words.extend(program.rules().map(|rule| rule.id.node.clone()));
        words.extend(session.bindings.iter().map(|binding| binding.name.clone()));
        self.words = words;

        let resources = &session.inputs.resources;
        self.types = resources.iter().map(|r| r.type_name.clone()).collect();
        self.bound = session
            .bindings
            .iter()
            .map(|binding| {
                let mut samples = vec![binding.value.clone()];
                if let Ty::Resource(resource) = binding.ty.present() {
                    let same = resources
                        .iter()
                        .filter(|r| r.type_name.eq_ignore_ascii_case(&resource.name));
                    samples.extend(same.take(MAX_SAMPLES).map(|r| r.value.clone()));
                }
                BoundName {
                    name: binding.name.clone(),
                    ty: binding.ty.clone(),
                    samples,
                }
            })
            .collect();
    }

    /// The candidates for the text before the cursor, and where the completed word starts.
    pub fn candidates(&self, before: &str) -> (usize, Vec<String>) {
        if let Some(quote) = open_string(before) {
            let prefix = before.get(quote..).unwrap_or("");
            return (quote, matching(self.types.iter(), prefix));
        }
        let start = word_start(before);
        let prefix = before.get(start..).unwrap_or("");
        let head = before.get(..start).unwrap_or("");
        if let Some(path) = head.strip_suffix('.') {
            return (start, matching(self.properties(path).iter(), prefix));
        }
        if head.trim().is_empty() && before.trim_start().starts_with(':') {
            let start = before.len() - before.trim_start().len();
            let prefix = before.trim_start();
            return (start, matching(COMMANDS.iter(), prefix));
        }
        (start, matching(self.words.iter(), prefix))
    }

    /// The property names known at a path such as `account.properties`.
    fn properties(&self, path: &str) -> BTreeSet<String> {
        let segments = path_segments(path);
        let Some((root, rest)) = segments.split_first() else {
            return BTreeSet::new();
        };
        let Some(bound) = self.bound.iter().rev().find(|b| &b.name == root) else {
            return BTreeSet::new();
        };
        let mut names = schema_fields(&bound.ty, rest);
        for sample in &bound.samples {
            names.extend(data_keys(sample, rest));
        }
        names
    }
}

/// Names starting with `prefix` (regardless of case), in order.
fn matching<'a>(
    names: impl Iterator<Item = &'a (impl AsRef<str> + 'a)>,
    prefix: &str,
) -> Vec<String> {
    let folded = prefix.to_lowercase();
    names
        .map(AsRef::as_ref)
        .filter(|name| name.to_lowercase().starts_with(&folded))
        .map(str::to_string)
        .collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// Where the word that ends at the end of `text` starts.
fn word_start(text: &str) -> usize {
    text.char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c) || *c == '-')
        .last()
        .map_or(text.len(), |(index, _)| index)
}

/// The byte after the opening quote of a string still open at the end of `text`.
fn open_string(text: &str) -> Option<usize> {
    let line_start = text.rfind('\n').map_or(0, |index| index + 1);
    let mut open = None;
    let mut escaped = false;
    for (index, c) in text.get(line_start..)?.char_indices() {
        match (open, c) {
            (Some(_), '\\') if !escaped => escaped = true,
            (Some(_), '"') if !escaped => open = None,
            (None, '"') => open = Some(line_start + index + 1),
            _ => escaped = false,
        }
    }
    open
}

/// The names of a path such as `account.properties[0].x`, read backwards from its end;
/// `[...]` becomes the segment `[]`.
fn path_segments(path: &str) -> Vec<String> {
    let mut segments = Vec::new();
    let mut rest = path;
    loop {
        if let Some(inner) = rest.strip_suffix(']') {
            let Some(open) = inner.rfind('[') else {
                break;
            };
            segments.push("[]".to_string());
            rest = inner.get(..open).unwrap_or("");
            continue;
        }
        let start = word_start(rest);
        let word = rest.get(start..).unwrap_or("");
        if word.is_empty() {
            // A path through a call or a literal has no bound name at its root.
            return Vec::new();
        }
        segments.push(word.to_string());
        rest = rest.get(..start).unwrap_or("");
        match rest.strip_suffix('.') {
            Some(shorter) => rest = shorter,
            None if rest.ends_with(']') => {}
            None if rest.ends_with([')', '"']) => return Vec::new(),
            None => break,
        }
    }
    segments.reverse();
    segments
}

/// The declared properties of the object that `path` leads to from a value of type `ty`.
fn schema_fields(ty: &Ty, path: &[String]) -> BTreeSet<String> {
    let mut ty = ty.clone();
    for segment in path {
        let next = match ty.present() {
            Ty::List(element) if segment == "[]" => Some((**element).clone()),
            Ty::Object(object) => object.field(segment).map(|field| field.ty.clone()),
            Ty::Resource(resource) => resource.body.field(segment).map(|field| field.ty.clone()),
            _ => None,
        };
        let Some(next) = next else {
            return BTreeSet::new();
        };
        ty = next;
    }
    let fields = match ty.present() {
        Ty::Object(object) => &object.fields,
        Ty::Resource(resource) => &resource.body.fields,
        _ => return BTreeSet::new(),
    };
    fields.iter().map(|field| field.name.clone()).collect()
}

/// The keys seen at `path` in `json`; at `[]` every element is looked into.
fn data_keys(json: &Json, path: &[String]) -> BTreeSet<String> {
    let Some((segment, rest)) = path.split_first() else {
        return match json {
            Json::Object(map) => map.keys().cloned().collect(),
            _ => BTreeSet::new(),
        };
    };
    match json {
        Json::Array(items) if segment == "[]" => items
            .iter()
            .flat_map(|item| data_keys(item, rest))
            .collect(),
        Json::Object(map) => {
            let exact = map.get(segment.as_str());
            let found = exact.or_else(|| {
                let key = map.keys().find(|key| key.eq_ignore_ascii_case(segment))?;
                map.get(key)
            });
            found.map_or_else(BTreeSet::new, |value| data_keys(value, rest))
        }
        _ => BTreeSet::new(),
    }
}

/// Whether `text` leaves a bracket, brace or string open, so that input goes on.
pub fn is_incomplete(text: &str) -> bool {
    let mut depth: i64 = 0;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => in_string = false,
                // Strings end at their line, and the parser reports the rest.
                '\n' => in_string = false,
                _ => escaped = false,
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if chars.peek() == Some(&'/') => {
                for skipped in chars.by_ref() {
                    if skipped == '\n' {
                        break;
                    }
                }
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    in_string || depth > 0
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = line.get(..pos).unwrap_or(line);
        let (start, names) = self.candidates(before);
        let pairs = names
            .into_iter()
            .map(|name| Pair {
                display: name.clone(),
                replacement: name,
            })
            .collect();
        Ok((start, pairs))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Highlighter for ReplHelper {}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(if is_incomplete(ctx.input()) {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

impl Helper for ReplHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_brackets_and_strings_continue_the_input() {
        assert!(is_incomplete("rule r {\n  require true"));
        assert!(is_incomplete("[1, \"a"));
        assert!(!is_incomplete("rule r {\n  require true\n}"));
        assert!(!is_incomplete("\"}\" // {"));
        assert!(!is_incomplete("1)"));
    }

    #[test]
    fn paths_split_into_segments() {
        assert_eq!(path_segments("a.b[0].c"), ["a", "b", "[]", "c"]);
        assert!(path_segments("f(x).y").is_empty());
    }

    #[test]
    fn property_names_come_from_the_data() {
        let mut helper = ReplHelper::default();
        helper.bound.push(BoundName {
            name: "a".to_string(),
            ty: Ty::Any,
            samples: vec![serde_json::json!({"properties": {"publicNetworkAccess": "x"}})],
        });
        let (start, names) = helper.candidates("a.properties.pub");
        assert_eq!(start, 13);
        assert_eq!(names, ["publicNetworkAccess"]);
        let (start, names) = helper.candidates("resources(\"Mic");
        assert_eq!((start, names.len()), (11, 0));
    }
}
