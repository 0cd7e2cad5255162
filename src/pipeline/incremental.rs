//! Incremental rebuilds: when only existing sprint files change, re-parse them, re-validate
//! and recompute their teams, and re-render just the pages they feed. `serve` calls this on
//! every save; anything else (a new or removed file, a template, the config) needs a full
//! build.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::Prepared;
use super::prepared::Job;
use crate::diagnostics::{Diagnostic, any_error, sorted};
use crate::load::reparse_sprint;
use crate::validate;

/// What an edit does to a prepared site.
#[derive(Debug)]
pub enum Edit {
    /// The edited sprints are taken in: render [`Edit::edited_pages`] first (what the user is
    /// looking at), then [`Edit::other_pages`] and [`Edit::teams`]' exports.
    Applied {
        /// The edited sprints, as (team, sprint) indices.
        sprints: Vec<(usize, usize)>,
        /// Their teams, whose figures were recomputed.
        teams: BTreeSet<usize>,
        /// Warnings about the edited files.
        warnings: Vec<Diagnostic>,
    },
    /// The change needs a full build: a path that is not a sprint file already loaded, a file
    /// that vanished, or a sprint whose number changed.
    NeedsRebuild,
}

impl Edit {
    /// The edited sprints' pages.
    pub fn edited_pages(&self) -> Vec<Job> {
        match self {
            Edit::Applied { sprints, .. } => {
                sprints.iter().map(|&(t, i)| Job::Sprint(t, i)).collect()
            }
            Edit::NeedsRebuild => Vec::new(),
        }
    }

    /// Every other page an edit feeds: the index, the teams' pages and other sprints (their
    /// velocity rows and next-sprint previews may have changed), and their releases.
    pub fn other_pages(&self, prepared: &Prepared) -> Vec<Job> {
        let Edit::Applied { teams, .. } = self else {
            return Vec::new();
        };
        let edited = self.edited_pages();
        let mut jobs = vec![Job::Index];
        for &t in teams {
            jobs.push(Job::Team(t));
            jobs.extend(
                (0..prepared.site.teams[t].sprints.len())
                    .map(|i| Job::Sprint(t, i))
                    .filter(|job| !edited.contains(job)),
            );
        }
        jobs.extend(self.releases(prepared).into_iter().map(Job::Release));
        jobs
    }

    /// The releases of the edited teams, whose figures were recomputed, by index.
    pub fn releases(&self, prepared: &Prepared) -> Vec<usize> {
        let Edit::Applied { teams, .. } = self else {
            return Vec::new();
        };
        let mut releases: Vec<usize> = teams
            .iter()
            .flat_map(|&t| prepared.releases_of(t))
            .collect();
        releases.sort_unstable();
        releases.dedup();
        releases
    }
}

impl Prepared {
    /// Takes in edits to the files at `changed` (absolute paths under `root`). On success the
    /// site and the figures of the edited teams are current. On error the edited files are
    /// broken: the site is left half-updated, and the caller must build it anew once they are
    /// fixed.
    pub fn apply_edits(
        &mut self,
        root: &Path,
        changed: &BTreeSet<PathBuf>,
    ) -> Result<Edit, Vec<Diagnostic>> {
        let mut sprints = Vec::new();
        let mut warnings = Vec::new();
        for path in changed {
            let Some((t, i)) = self.sprint_at(root, path) else {
                return Ok(Edit::NeedsRebuild);
            };
            // A file grown over the limit, or replaced by a link: the full load says why.
            let limit = self.site.config.build.max_input_bytes();
            let plain =
                std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() <= limit);
            let text = plain.then(|| std::fs::read_to_string(path).ok()).flatten();
            let Some(text) = text else {
                return Ok(Edit::NeedsRebuild);
            };
            let sprint = &mut self.site.teams[t].sprints[i];
            let (data, placeholders) = reparse_sprint(&mut self.site.sources[sprint.file], text)?;
            if data.number.get_ref() != sprint.data.number.get_ref() {
                return Ok(Edit::NeedsRebuild);
            }
            sprint.data = data;
            warnings.extend(placeholders);
            sprints.push((t, i));
        }
        let teams: BTreeSet<usize> = sprints.iter().map(|(t, _)| *t).collect();
        for &t in &teams {
            warnings.extend(validate::validate_team(
                &self.site,
                &self.site.teams[t],
                self.checked,
            ));
        }
        if self.as_of < self.checked {
            for &(t, i) in &sprints {
                let sprint = &mut self.site.teams[t].sprints[i];
                sprint.data = sprint.data.as_of(self.as_of);
            }
        }
        if any_error(&warnings) {
            return Err(sorted(warnings));
        }
        for &t in &teams {
            self.refresh_team(t);
        }
        Ok(Edit::Applied {
            sprints,
            teams,
            warnings: sorted(warnings),
        })
    }

    /// The (team, sprint) indices of the sprint file at `path`.
    fn sprint_at(&self, root: &Path, path: &Path) -> Option<(usize, usize)> {
        let relative = path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        self.site.teams.iter().enumerate().find_map(|(t, team)| {
            team.sprints
                .iter()
                .position(|s| self.site.path_of(s) == relative)
                .map(|i| (t, i))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;
    use crate::pipeline::{BuildOptions, Memory, generate};

    const SPRINT_1: &str = "number = 1\ntitle = \"One\"\nstart = 2025-11-03\nend = 2025-11-14\n\n[[items]]\nid = \"A\"\ntitle = \"a\"\npoints = 3\n";
    const SPRINT_2: &str = "number = 2\ntitle = \"Two\"\nstart = 2025-11-17\nend = 2025-11-28\n";

    fn site(dir: &Path) -> BuildOptions {
        std::fs::create_dir_all(dir.join("content/team-a")).unwrap();
        std::fs::write(
            dir.join("sprintgen.toml"),
            "title = \"T\"\nas_of = 2025-11-05\n",
        )
        .unwrap();
        std::fs::write(dir.join("content/team-a/team.toml"), "name = \"A\"\n").unwrap();
        std::fs::write(dir.join("content/team-a/sprint-01.toml"), SPRINT_1).unwrap();
        std::fs::write(dir.join("content/team-a/sprint-02.toml"), SPRINT_2).unwrap();
        BuildOptions {
            root: dir.to_path_buf(),
            ..BuildOptions::default()
        }
    }

    fn edit(options: &BuildOptions, file: &str, text: &str) -> BTreeSet<PathBuf> {
        let path = options.root.join(file);
        std::fs::write(&path, text).unwrap();
        BTreeSet::from([path])
    }

    #[test]
    fn an_edited_sprint_renders_what_a_full_build_renders() {
        let dir = tempfile::tempdir().unwrap();
        let options = site(dir.path());
        let before = Memory::default();
        let (_, mut prepared) = generate(&options, &before).unwrap();
        let before = before.into_files();
        let done = format!("{SPRINT_1}status = \"done\"\ndone_on = 2025-11-04\n");
        let changed = edit(&options, "content/team-a/sprint-01.toml", &done);

        let edit = prepared.apply_edits(&options.root, &changed).unwrap();
        assert_eq!(edit.edited_pages(), [Job::Sprint(0, 0)]);
        assert_eq!(
            edit.other_pages(&prepared),
            [Job::Index, Job::Team(0), Job::Sprint(0, 1)]
        );
        let sink = Memory::default();
        let jobs = [edit.edited_pages(), edit.other_pages(&prepared)].concat();
        prepared.render(&jobs, &sink).unwrap();
        let updated = sink.into_files();

        let fresh = Memory::default();
        generate(&options, &fresh).unwrap();
        let fresh = fresh.into_files();
        assert_eq!(updated.len(), 4);
        for (path, bytes) in &updated {
            assert!(fresh[path] == *bytes, "{path} differs from a full build");
        }
        let page = "team-a/sprint-01/index.html";
        assert!(
            before[page] != updated[page],
            "the edit shows on the sprint's page"
        );
        assert_eq!(prepared.team_json(0).unwrap().1, fresh["data/team-a.json"]);
    }

    #[test]
    fn an_edit_updates_the_releases_of_its_team() {
        let dir = tempfile::tempdir().unwrap();
        let options = site(dir.path());
        std::fs::create_dir_all(dir.path().join("content/releases")).unwrap();
        std::fs::write(
            dir.path().join("content/releases/v1.toml"),
            "title = \"V1\"\ntarget = 2025-12-19\nteams = [\"team-a\"]\n",
        )
        .unwrap();
        let (_, mut prepared) = generate(&options, &Memory::default()).unwrap();
        let done = format!("{SPRINT_1}status = \"done\"\ndone_on = 2025-11-04\n");
        let changed = edit(&options, "content/team-a/sprint-01.toml", &done);
        let edit = prepared.apply_edits(&options.root, &changed).unwrap();
        assert_eq!(edit.releases(&prepared), [0]);
        assert!(edit.other_pages(&prepared).contains(&Job::Release(0)));
        let sink = Memory::default();
        prepared.render(&[Job::Release(0)], &sink).unwrap();
        let fresh = Memory::default();
        generate(&options, &fresh).unwrap();
        let fresh = fresh.into_files();
        let page = "releases/v1/index.html";
        assert!(sink.into_files()[page] == fresh[page], "{page} differs");
        assert_eq!(
            prepared.release_json(0).unwrap().1,
            fresh["data/releases/v1.json"]
        );
        assert_eq!(prepared.releases[0].completed.0, 3.0);
    }

    #[test]
    fn a_broken_edit_reports_its_errors() {
        let dir = tempfile::tempdir().unwrap();
        let options = site(dir.path());
        let (_, mut prepared) = generate(&options, &Memory::default()).unwrap();
        let late = format!("{SPRINT_1}status = \"done\"\ndone_on = 2025-11-20\n");
        let changed = edit(&options, "content/team-a/sprint-01.toml", &late);
        let errors = prepared.apply_edits(&options.root, &changed).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["`A` is done on 2025-11-20, after the sprint ended (2025-11-14)"]
        );

        let unparsable = edit(&options, "content/team-a/sprint-01.toml", "number = \n");
        let errors = prepared
            .apply_edits(&options.root, &unparsable)
            .unwrap_err();
        assert_eq!(errors[0].location.as_ref().map(|l| l.line), Some(1));
    }

    #[test]
    fn other_changes_need_a_full_build() {
        let dir = tempfile::tempdir().unwrap();
        let options = site(dir.path());
        let (_, mut prepared) = generate(&options, &Memory::default()).unwrap();
        let renumbered = SPRINT_2.replace("number = 2", "number = 3");
        let changed = edit(&options, "content/team-a/sprint-02.toml", &renumbered);
        assert!(matches!(
            prepared.apply_edits(&options.root, &changed),
            Ok(Edit::NeedsRebuild)
        ));
        let new_file = edit(&options, "content/team-a/sprint-03.toml", SPRINT_2);
        assert!(matches!(
            prepared.apply_edits(&options.root, &new_file),
            Ok(Edit::NeedsRebuild)
        ));
    }

    #[test]
    fn each_edited_sprint_is_found_by_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let options = site(dir.path());
        let (_, mut prepared) = generate(&options, &Memory::default()).unwrap();
        let retitled = SPRINT_2.replace("\"Two\"", "\"Second\"");
        let changed = edit(&options, "content/team-a/sprint-02.toml", &retitled);
        let applied = prepared.apply_edits(&options.root, &changed).unwrap();
        assert_eq!(applied.edited_pages(), [Job::Sprint(0, 1)]);
        assert_eq!(prepared.site.teams[0].sprints[1].data.title, "Second");
        assert_eq!(prepared.site.teams[0].sprints[0].data.title, "One");

        let team = edit(&options, "content/team-a/team.toml", "name = \"B\"\n");
        assert!(matches!(
            prepared.apply_edits(&options.root, &team),
            Ok(Edit::NeedsRebuild)
        ));
    }

    /// An edit seen through `--as-of` an earlier day shows the sprint as it was that day, as a
    /// full build with the same option does.
    #[test]
    fn an_edit_is_seen_as_of_the_chosen_day() {
        let dir = tempfile::tempdir().unwrap();
        let options = BuildOptions {
            as_of: Some(Date::parse("2025-11-04").unwrap()),
            ..site(dir.path())
        };
        let (_, mut prepared) = generate(&options, &Memory::default()).unwrap();
        let done_later = format!("{SPRINT_1}status = \"done\"\ndone_on = 2025-11-05\n");
        let changed = edit(&options, "content/team-a/sprint-01.toml", &done_later);
        let applied = prepared.apply_edits(&options.root, &changed).unwrap();
        let sink = Memory::default();
        prepared.render(&applied.edited_pages(), &sink).unwrap();
        let fresh = Memory::default();
        generate(&options, &fresh).unwrap();
        let page = "team-a/sprint-01/index.html";
        assert!(
            sink.into_files()[page] == fresh.into_files()[page],
            "{page} differs from a full build as of the same day"
        );
        assert!(
            prepared.site.teams[0].sprints[0].data.items[0]
                .done_on
                .is_none()
        );
    }

    /// A sprint file replaced by a link is left to the full load, which says whether the link
    /// may be followed.
    #[cfg(unix)]
    #[test]
    fn a_sprint_file_replaced_by_a_link_needs_a_full_build() {
        let dir = tempfile::tempdir().unwrap();
        let options = site(dir.path());
        let (_, mut prepared) = generate(&options, &Memory::default()).unwrap();
        let path = options.root.join("content/team-a/sprint-01.toml");
        std::fs::write(options.root.join("elsewhere.toml"), SPRINT_1).unwrap();
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(options.root.join("elsewhere.toml"), &path).unwrap();
        assert!(matches!(
            prepared.apply_edits(&options.root, &BTreeSet::from([path])),
            Ok(Edit::NeedsRebuild)
        ));
    }

    /// What `serve` republishes after an edit: the feed, as a full build writes it.
    #[test]
    fn the_feed_after_an_edit_is_a_full_build_s() {
        let dir = tempfile::tempdir().unwrap();
        let options = site(dir.path());
        std::fs::write(
            dir.path().join("sprintgen.toml"),
            "title = \"T\"\nas_of = 2025-11-05\nbase_url = \"https://example.org/r/\"\n",
        )
        .unwrap();
        let (_, mut prepared) = generate(&options, &Memory::default()).unwrap();
        let retitled = SPRINT_1.replace("\"One\"", "\"First & foremost\"");
        let changed = edit(&options, "content/team-a/sprint-01.toml", &retitled);
        prepared.apply_edits(&options.root, &changed).unwrap();
        let fresh = Memory::default();
        generate(&options, &fresh).unwrap();
        let feed = prepared.feed().unwrap();
        assert!(feed == fresh.into_files()["feed.xml"], "the feed differs");
        assert!(
            String::from_utf8(feed)
                .unwrap()
                .contains("First &amp; foremost")
        );
    }
}
