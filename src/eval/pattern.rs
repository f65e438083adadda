//! `like` and `matches`: Azure's `*` wildcard, and regular expressions.

use std::rc::Rc;

use super::interp::Interp;
use super::value::{Value, fold};

/// `like`: the whole string matches the pattern, where `*` stands for any run of characters;
/// case is ignored, as Azure Policy ignores it.
pub(super) fn like(text: &Value<'_>, pattern: &Value<'_>) -> bool {
    let (Some(text), Some(pattern)) = (text.as_str(), pattern.as_str()) else {
        return false;
    };
    wildcard(&fold(text), &fold(pattern))
}

fn wildcard(text: &str, pattern: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else {
        return text.is_empty();
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };

    let middle: Vec<&str> = parts.collect();
    let Some((last, between)) = middle.split_last() else {
        return rest.is_empty();
    };
    for part in between {
        match rest.find(part) {
            Some(at) => rest = rest.get(at + part.len()..).unwrap_or(""),
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

impl Interp<'_> {
    /// `matches`: the regular expression finds a match anywhere in the string (anchor it with
    /// `^` and `$`); case counts unless the pattern says `(?i)`. A pattern that does not
    /// compile matches nothing; the checker reports literal ones before evaluation.
    pub(super) fn matches(&self, text: &Value<'_>, pattern: &Value<'_>) -> bool {
        let (Some(text), Some(pattern)) = (text.as_str(), pattern.as_str()) else {
            return false;
        };
        self.regex(pattern)
            .is_some_and(|regex| regex.is_match(text))
    }

    fn regex(&self, pattern: &str) -> Option<Rc<regex::Regex>> {
        if let Some(compiled) = self.regexes.borrow().get(pattern) {
            return compiled.clone();
        }
        let compiled = regex::Regex::new(pattern).ok().map(Rc::new);
        self.regexes
            .borrow_mut()
            .insert(pattern.to_string(), compiled.clone());
        compiled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_whole_strings() {
        assert!(wildcard("abc", "abc"));
        assert!(!wildcard("abcd", "abc"));
        assert!(wildcard("abc", "a*"));
        assert!(wildcard("abc", "*c"));
        assert!(wildcard("abc", "*"));
        assert!(wildcard("a/b/c", "a*c"));
        assert!(wildcard("axbxc", "a*b*c"));
        assert!(!wildcard("ab", "a*b*c"));
        assert!(!wildcard("aba", "ab*ba"), "the parts may not overlap");
        assert!(wildcard("", "*"));
    }

    #[test]
    fn like_ignores_case_and_needs_strings() {
        let text = Value::Str("/subscriptions/S/providers/Microsoft.Media/mediaservices/a".into());
        assert!(like(
            &text,
            &Value::Str("*/microsoft.media/MEDIASERVICES/*".into())
        ));
        assert!(!like(&Value::Null, &Value::Str("*".into())));
    }
}
