//! The resources of a run, indexed once so that `resource(id)`, `resources(type)`, `parent`
//! and `children` cost one hash lookup each. Ids and types are keyed in lower case, since ARM
//! compares them regardless of case.

use std::collections::HashMap;

use serde_json::Value as Json;

use super::value::fold;

/// One resource as evaluation sees it.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'a> {
    /// The resource id as exported.
    pub id: &'a str,
    /// The resource type as exported.
    pub type_name: &'a str,
    /// The whole resource object.
    pub json: &'a Json,
}

/// Resources with their lookup indexes.
#[derive(Debug, Default)]
pub struct ResourceSet<'a> {
    entries: Vec<Entry<'a>>,
    by_id: HashMap<String, usize>,
    by_type: HashMap<String, Vec<usize>>,
    by_parent: HashMap<String, Vec<usize>>,
}

impl<'a> ResourceSet<'a> {
    /// Indexes resources. When two share an id, the first one wins.
    pub fn new(entries: impl IntoIterator<Item = Entry<'a>>) -> ResourceSet<'a> {
        let mut set = ResourceSet::default();
        for entry in entries {
            let index = set.entries.len();
            let id = normalize_id(entry.id);
            if let Some(parent) = parent_id(&id) {
                set.by_parent
                    .entry(parent.to_string())
                    .or_default()
                    .push(index);
            }
            set.by_id.entry(id).or_insert(index);
            set.by_type
                .entry(fold(entry.type_name).into_owned())
                .or_default()
                .push(index);
            set.entries.push(entry);
        }
        set
    }

    /// How many resources there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The resource at `index`.
    pub fn get(&self, index: usize) -> Option<&Entry<'a>> {
        self.entries.get(index)
    }

    /// The resource with this id, regardless of case.
    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(&normalize_id(id)).copied()
    }

    /// The resources of a type, regardless of case, in input order.
    pub fn of_type(&self, type_name: &str) -> &[usize] {
        self.by_type
            .get(fold(type_name).as_ref())
            .map_or(&[], Vec::as_slice)
    }

    /// The resources whose id is directly below `id`.
    pub fn children_of(&self, id: &str) -> &[usize] {
        self.by_parent
            .get(&normalize_id(id))
            .map_or(&[], Vec::as_slice)
    }

    /// The resource whose id is the parent of resource `index`'s id.
    pub fn parent_of(&self, index: usize) -> Option<usize> {
        let id = normalize_id(self.entries.get(index)?.id);
        self.by_id.get(parent_id(&id)?).copied()
    }
}

/// An id in lower case without a trailing slash.
pub fn normalize_id(id: &str) -> String {
    fold(id.trim_end_matches('/')).into_owned()
}

/// The id of the parent of a child resource: `.../providers/P/t1/n1/t2/n2` has the parent
/// `.../providers/P/t1/n1`. Top-level resources have no parent resource.
pub fn parent_id(id: &str) -> Option<&str> {
    let providers = id.rfind("/providers/")?;
    let below = id.get(providers + "/providers/".len()..)?;
    // Namespace, then type and name pairs: a child has at least two pairs.
    if below.split('/').count() < 5 {
        return None;
    }
    let cut = id.rmatch_indices('/').nth(1).map(|(at, _)| at)?;
    id.get(..cut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ACCOUNT: &str =
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Media/mediaservices/ams";

    #[test]
    fn parents_strip_one_type_and_name_pair() {
        let event = format!("{ACCOUNT}/liveEvents/ev1").to_lowercase();
        assert_eq!(parent_id(&event), Some(ACCOUNT.to_lowercase().as_str()));
        assert_eq!(parent_id(&ACCOUNT.to_lowercase()), None);
        assert_eq!(parent_id("/subscriptions/s/resourceGroups/rg"), None);
    }

    #[test]
    fn lookups_ignore_case_and_trailing_slashes() {
        let account = json!({});
        let event = json!({});
        let event_id = format!("{ACCOUNT}/liveevents/ev1");
        let set = ResourceSet::new([
            Entry {
                id: ACCOUNT,
                type_name: "Microsoft.Media/mediaservices",
                json: &account,
            },
            Entry {
                id: &event_id,
                type_name: "microsoft.media/mediaservices/liveevents",
                json: &event,
            },
        ]);
        assert_eq!(set.by_id(&ACCOUNT.to_uppercase()), Some(0));
        assert_eq!(set.by_id(&format!("{ACCOUNT}/")), Some(0));
        assert_eq!(
            set.of_type("Microsoft.Media/mediaServices/liveEvents"),
            &[1]
        );
        assert_eq!(set.children_of(ACCOUNT), &[1]);
        assert_eq!(set.parent_of(1), Some(0));
        assert_eq!(set.parent_of(0), None);
    }
}
