//! Versioned migrations, one set per backend, embedded in the binary.

use crate::connect::Backend;
use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

const SQLITE: &[(i64, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../migrations/sqlite/0001_foundation.sql"),
    ),
    (
        2,
        "context_reference",
        include_str!("../migrations/sqlite/0002_context_reference.sql"),
    ),
    (
        3,
        "accounts",
        include_str!("../migrations/sqlite/0003_accounts.sql"),
    ),
    (4, "web", include_str!("../migrations/sqlite/0004_web.sql")),
    (5, "api", include_str!("../migrations/sqlite/0005_api.sql")),
    (
        6,
        "publications",
        include_str!("../migrations/sqlite/0006_publications.sql"),
    ),
    (
        7,
        "survey_activity",
        include_str!("../migrations/sqlite/0007_survey_activity.sql"),
    ),
    (
        8,
        "published_versions",
        include_str!("../migrations/sqlite/0008_published_versions.sql"),
    ),
    (
        9,
        "erasure",
        include_str!("../migrations/sqlite/0009_erasure.sql"),
    ),
    (
        10,
        "stored_figures",
        include_str!("../migrations/sqlite/0010_stored_figures.sql"),
    ),
    (
        11,
        "sign_in_throttle",
        include_str!("../migrations/sqlite/0011_sign_in_throttle.sql"),
    ),
    (
        12,
        "registration_authors",
        include_str!("../migrations/sqlite/0012_registration_authors.sql"),
    ),
    (
        13,
        "import_mappings",
        include_str!("../migrations/sqlite/0013_import_mappings.sql"),
    ),
    (
        14,
        "theme_continues",
        include_str!("../migrations/sqlite/0014_theme_continues.sql"),
    ),
    (
        15,
        "organisation_versions",
        include_str!("../migrations/sqlite/0015_organisation_versions.sql"),
    ),
    (
        16,
        "public_statistics",
        include_str!("../migrations/sqlite/0016_public_statistics.sql"),
    ),
    (
        17,
        "region_boundaries",
        include_str!("../migrations/sqlite/0017_region_boundaries.sql"),
    ),
];
const POSTGRES: &[(i64, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../migrations/postgres/0001_foundation.sql"),
    ),
    (
        2,
        "context_reference",
        include_str!("../migrations/postgres/0002_context_reference.sql"),
    ),
    (
        3,
        "accounts",
        include_str!("../migrations/postgres/0003_accounts.sql"),
    ),
    (
        4,
        "web",
        include_str!("../migrations/postgres/0004_web.sql"),
    ),
    (
        5,
        "api",
        include_str!("../migrations/postgres/0005_api.sql"),
    ),
    (
        6,
        "publications",
        include_str!("../migrations/postgres/0006_publications.sql"),
    ),
    (
        7,
        "survey_activity",
        include_str!("../migrations/postgres/0007_survey_activity.sql"),
    ),
    (
        8,
        "published_versions",
        include_str!("../migrations/postgres/0008_published_versions.sql"),
    ),
    (
        9,
        "erasure",
        include_str!("../migrations/postgres/0009_erasure.sql"),
    ),
    (
        10,
        "stored_figures",
        include_str!("../migrations/postgres/0010_stored_figures.sql"),
    ),
    (
        11,
        "sign_in_throttle",
        include_str!("../migrations/postgres/0011_sign_in_throttle.sql"),
    ),
    (
        12,
        "registration_authors",
        include_str!("../migrations/postgres/0012_registration_authors.sql"),
    ),
    (
        13,
        "import_mappings",
        include_str!("../migrations/postgres/0013_import_mappings.sql"),
    ),
    (
        14,
        "theme_continues",
        include_str!("../migrations/postgres/0014_theme_continues.sql"),
    ),
    (
        15,
        "organisation_versions",
        include_str!("../migrations/postgres/0015_organisation_versions.sql"),
    ),
    (
        16,
        "public_statistics",
        include_str!("../migrations/postgres/0016_public_statistics.sql"),
    ),
    (
        17,
        "region_boundaries",
        include_str!("../migrations/postgres/0017_region_boundaries.sql"),
    ),
];

#[derive(Debug)]
struct Embedded(&'static [(i64, &'static str, &'static str)]);

impl<'s> MigrationSource<'s> for Embedded {
    fn resolve(
        self,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<Migration>, BoxDynError>> + Send + 's>> {
        Box::pin(async move {
            Ok(self
                .0
                .iter()
                .map(|(version, name, sql)| {
                    Migration::new(
                        *version,
                        Cow::Borrowed(name),
                        MigrationType::Simple,
                        Cow::Borrowed(sql),
                        false,
                    )
                })
                .collect())
        })
    }
}

/// The migrator of a backend up to and including `version`: a database
/// as an earlier release left it (for tests of a later migration).
#[cfg(feature = "testing")]
pub(crate) async fn migrator_until(
    backend: Backend,
    version: i64,
) -> Result<Migrator, sqlx::migrate::MigrateError> {
    let all = match backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    };
    let until = all.iter().take_while(|(v, _, _)| *v <= version).count();
    Migrator::new(Embedded(&all[..until])).await
}

/// The migrator of a backend.
pub async fn migrator(backend: Backend) -> Result<Migrator, sqlx::migrate::MigrateError> {
    Migrator::new(Embedded(match backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    }))
    .await
}
