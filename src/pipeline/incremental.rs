//! Incremental rebuilds for `serve`: the analysis takes in saved sprint files
//! ([`Analysis::apply_edits`](crate::analysis::Analysis::apply_edits)), and this says which
//! pages to render again: the edited sprints' first (what the user is looking at), then every
//! other page they feed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::Prepared;
use super::prepared::Job;
use crate::analysis::Update;
use crate::diagnostics::Diagnostic;

impl Prepared {
    /// Takes in edits to the files at `changed` (absolute paths under `root`); see
    /// [`crate::analysis::Analysis::apply_edits`].
    pub fn apply_edits(
        &mut self,
        root: &Path,
        changed: &BTreeSet<PathBuf>,
    ) -> Result<Update, Vec<Diagnostic>> {
        self.analysis.apply_edits(root, changed)
    }

    /// The edited sprints' pages.
    pub fn edited_pages(&self, update: &Update) -> Vec<Job> {
        match update {
            Update::Applied { sprints, .. } => {
                sprints.iter().map(|&(t, i)| Job::Sprint(t, i)).collect()
            }
            Update::NeedsFullAnalysis => Vec::new(),
        }
    }

    /// Every other page an update feeds: the index, the teams' pages and other sprints (their
    /// velocity rows and next-sprint previews may have changed), and their releases.
    pub fn other_pages(&self, update: &Update) -> Vec<Job> {
        let Update::Applied { teams, .. } = update else {
            return Vec::new();
        };
        let edited = self.edited_pages(update);
        let mut jobs = vec![Job::Index];
        for &t in teams {
            jobs.push(Job::Team(t));
            jobs.extend(
                (0..self.analysis.site.teams[t].sprints.len())
                    .map(|i| Job::Sprint(t, i))
                    .filter(|job| !edited.contains(job)),
            );
        }
        jobs.extend(
            update
                .releases(&self.analysis)
                .into_iter()
                .map(Job::Release),
        );
        jobs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;
    use crate::outputs::{Exports, Feed, Output};
    use crate::pipeline::{BuildOptions, Memory, generate};

    /// One file of the JSON exports of a prepared site.
    fn export_of(prepared: &Prepared, path: &str) -> Vec<u8> {
        let sink = Memory::default();
        let cx = prepared.context();
        Exports::all(&cx).write(&cx, &sink).unwrap();
        sink.into_files().remove(path).unwrap()
    }

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
        assert_eq!(prepared.edited_pages(&edit), [Job::Sprint(0, 0)]);
        assert_eq!(
            prepared.other_pages(&edit),
            [Job::Index, Job::Team(0), Job::Sprint(0, 1)]
        );
        let sink = Memory::default();
        let jobs = [prepared.edited_pages(&edit), prepared.other_pages(&edit)].concat();
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
        assert_eq!(
            export_of(&prepared, "data/team-a.json"),
            fresh["data/team-a.json"]
        );
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
        assert_eq!(edit.releases(&prepared.analysis), [0]);
        assert!(prepared.other_pages(&edit).contains(&Job::Release(0)));
        let sink = Memory::default();
        prepared.render(&[Job::Release(0)], &sink).unwrap();
        let fresh = Memory::default();
        generate(&options, &fresh).unwrap();
        let fresh = fresh.into_files();
        let page = "releases/v1/index.html";
        assert!(sink.into_files()[page] == fresh[page], "{page} differs");
        assert_eq!(
            export_of(&prepared, "data/releases/v1.json"),
            fresh["data/releases/v1.json"]
        );
        assert_eq!(prepared.analysis.releases[0].completed.0, 3.0);
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
            Ok(Update::NeedsFullAnalysis)
        ));
        let new_file = edit(&options, "content/team-a/sprint-03.toml", SPRINT_2);
        assert!(matches!(
            prepared.apply_edits(&options.root, &new_file),
            Ok(Update::NeedsFullAnalysis)
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
        assert_eq!(prepared.edited_pages(&applied), [Job::Sprint(0, 1)]);
        assert_eq!(
            prepared.analysis.site.teams[0].sprints[1].data.title,
            "Second"
        );
        assert_eq!(prepared.analysis.site.teams[0].sprints[0].data.title, "One");

        let team = edit(&options, "content/team-a/team.toml", "name = \"B\"\n");
        assert!(matches!(
            prepared.apply_edits(&options.root, &team),
            Ok(Update::NeedsFullAnalysis)
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
        prepared
            .render(&prepared.edited_pages(&applied), &sink)
            .unwrap();
        let fresh = Memory::default();
        generate(&options, &fresh).unwrap();
        let page = "team-a/sprint-01/index.html";
        assert!(
            sink.into_files()[page] == fresh.into_files()[page],
            "{page} differs from a full build as of the same day"
        );
        assert!(
            prepared.analysis.site.teams[0].sprints[0].data.items[0]
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
            Ok(Update::NeedsFullAnalysis)
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
        let feed = Feed::bytes(&prepared.context()).unwrap();
        assert!(feed == fresh.into_files()["feed.xml"], "the feed differs");
        assert!(
            String::from_utf8(feed)
                .unwrap()
                .contains("First &amp; foremost")
        );
    }
}
