//! What the staff were told and when, so a weekly notice (the content due
//! its review) is sent once a week across restarts: per admin, the day of
//! the last one. Not personal: an admin's id and a day.

use chrono::NaiveDate;

use super::{Store, StoreError};

const NOTICES: &str = "staff_notices";

impl Store {
    /// The day `admin` was last told the content is due its review.
    pub fn review_notice(&self, admin: u64) -> Result<Option<NaiveDate>, StoreError> {
        let tree = self.live().db.open_tree(NOTICES)?;
        Ok(tree
            .get(admin.to_be_bytes())?
            .and_then(|bytes| postcard::from_bytes::<NaiveDate>(&bytes).ok()))
    }

    /// Records that `admin` was told on `day`; durable on return with flushing.
    pub async fn noted_review_notice(&self, admin: u64, day: NaiveDate) -> Result<(), StoreError> {
        let bytes = postcard::to_stdvec(&day).map_err(StoreError::Encode)?;
        self.live()
            .db
            .open_tree(NOTICES)?
            .insert(admin.to_be_bytes(), bytes)?;
        self.durable().await
    }
}
