//! The store of a bot that is not running, opened for the command line's
//! tools (`stats`, `backup`): a missing store and one a running bot holds
//! are said in words the operator can act on.

use std::path::Path;
use std::sync::Arc;

use crate::store::{self, Durability, OpenError, Store};

/// Opens the store in `data_dir`, which must hold one. When a running bot
/// holds it (sled lets one process open it), the error is `when_in_use`
/// of why the store is in use: what to do instead depends on the tool.
pub fn open(
    data_dir: &Path,
    when_in_use: impl FnOnce(String) -> String,
) -> Result<Arc<Store>, String> {
    if !store::exists(data_dir) {
        return Err(format!(
            "no store in {}: nothing has been stored there yet (is --data-dir right?)",
            data_dir.display()
        ));
    }
    match store::open(data_dir, Durability::Background) {
        Ok(store) => Ok(store),
        Err(OpenError::InUse(why)) => Err(when_in_use(why)),
        Err(other) => Err(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_store_names_the_option_and_one_in_use_is_said_as_the_tool_asks() {
        let dir = tempfile::tempdir().unwrap();
        let missing = open(dir.path(), |why| why).err().unwrap();
        assert!(
            missing.starts_with("no store in ") && missing.contains("is --data-dir right?"),
            "{missing}"
        );
        let _running_bot = store::open(dir.path(), Durability::Background).unwrap();
        let in_use = open(dir.path(), |why| format!("the tool's words; {why}"))
            .err()
            .unwrap();
        assert!(in_use.starts_with("the tool's words; "), "{in_use}");
    }
}
