//! Plans as they stood.

use super::*;

impl Store {
    /// Every version of every plan.
    pub fn all_plans(&self) -> Result<Vec<Plan>, DbError> {
        let reader = self.reader()?;
        let connection = reader.connection();
        query_plans(connection, self.catalogue, "", [])
    }
}

impl Reader {
    /// Every version of every plan set for `year` (a range of the plans'
    /// (year, period) index).
    pub fn plans_of_year(&self, year: i32) -> Result<Vec<Plan>, DbError> {
        query_plans(self.connection(), self.catalogue, "WHERE year = ?1", [year])
    }
}
