//! The GitHub Actions workflow `sprintgen init` writes (`workflow.yml`): checks and the figures'
//! diff on pull requests, a daily rebuild, and publishing to GitHub Pages from the repository's
//! default branch, with sprintgen installed by its own Action at this version. Before the
//! daily build, the steps of `sync-steps.yml` sync the sprint files from the teams' trackers
//! and commit them: written commented out, or on with `init --sync TRACKER`.

use std::path::Path;
use std::process::Command;

use crate::model::SyncTracker;

/// The workflow's text, publishing from `branch`, its sync steps on for `sync`, the password of
/// an encrypted site passed to the build for `encrypt`, its notify job on for `notify`
/// (`slack`, `teams` or `webhook`).
pub(super) fn workflow(
    branch: &str,
    sync: Option<SyncTracker>,
    encrypt: bool,
    notify: Option<&str>,
) -> String {
    let contents = match sync {
        Some(_) => "write",
        None => "read",
    };
    include_str!("workflow.yml")
        .replace("{contents}", contents)
        .replace("{sync_steps}", &sync_steps(sync))
        .replace("{password}", password_env(encrypt))
        .replace("{notify_job}", &notify_job(notify))
        .replace("{branch}", &serde_json::Value::from(branch).to_string())
        .replace("{action}", &action_reference())
}

/// The secrets a tracker's sync reads, as `(variable, secret)`. The token a workflow gets
/// cannot read an organisation's projects: GitHub's comes from a secret of the user's.
fn secrets(tracker: SyncTracker) -> &'static [(&'static str, &'static str)] {
    match tracker {
        SyncTracker::Jira => &[
            ("JIRA_EMAIL", "JIRA_EMAIL"),
            ("JIRA_API_TOKEN", "JIRA_API_TOKEN"),
        ],
        SyncTracker::Linear => &[("LINEAR_API_KEY", "LINEAR_API_KEY")],
        SyncTracker::Github => &[("GH_TOKEN", "SPRINTGEN_GITHUB_TOKEN")],
    }
}

/// The sync steps: on, with `sync`'s secrets; else commented out, with every tracker's
/// secrets and how to turn them on.
fn sync_steps(sync: Option<SyncTracker>) -> String {
    let trackers = match sync {
        Some(tracker) => vec![tracker],
        None => vec![SyncTracker::Jira, SyncTracker::Linear, SyncTracker::Github],
    };
    let env: Vec<String> = trackers
        .into_iter()
        .flat_map(secrets)
        .map(|(name, secret)| format!("          {name}: ${{{{ secrets.{secret} }}}}"))
        .collect();
    let steps = include_str!("sync-steps.yml").replace("{env}", &env.join("\n"));
    if sync.is_some() {
        return steps;
    }
    let mut text = String::from(
        "      # To sync the sprint files from the teams' trackers every morning: uncomment the\n      # steps below, keep the secrets your trackers need, set `contents: write` in this job's\n      # permissions, and give each team a [sync] table in its team.toml. `sprintgen init\n      # --sync jira` (or linear, github) writes them on.\n",
    );
    for line in steps.lines() {
        match line.strip_prefix("      ") {
            Some(rest) if !rest.starts_with('#') => text.push_str(&format!("      # {rest}\n")),
            _ => text.push_str(&format!("{line}\n")),
        }
    }
    text
}

/// The build step's password of an encrypted site, from the repository's secret: on, or
/// commented out with how to turn it on.
fn password_env(encrypt: bool) -> &'static str {
    match encrypt {
        true => {
            "          # The password of the encrypted site (README, \"Private reports\"): the repository's\n          # secret SPRINTGEN_PASSWORD, which only this step sees.\n          SPRINTGEN_PASSWORD: ${{ secrets.SPRINTGEN_PASSWORD }}\n"
        }
        false => {
            "          # An encrypted site ([publish] encrypt = true in sprintgen.toml; README, \"Private\n          # reports\") takes its password from the repository's secret SPRINTGEN_PASSWORD:\n          # SPRINTGEN_PASSWORD: ${{ secrets.SPRINTGEN_PASSWORD }}\n"
        }
    }
}

/// The job that posts each team's headline to chat after the deploy: on for `notify`'s
/// service; else commented out, posting to Slack, with how to turn it on.
fn notify_job(notify: Option<&str>) -> String {
    let job = include_str!("notify-job.yml").replace("{service}", notify.unwrap_or("slack"));
    if notify.is_some() {
        return format!("\n{job}");
    }
    let mut text = String::from(
        "\n  # To post each team's headline to Slack or Teams every morning: uncomment the job\n  # below and add the secret it names. `sprintgen init --notify slack` (or teams) writes\n  # it on.\n",
    );
    for line in job.lines() {
        match line.strip_prefix("  ") {
            Some(rest) if !rest.starts_with('#') => text.push_str(&format!("  # {rest}\n")),
            _ => text.push_str(&format!("{line}\n")),
        }
    }
    text
}

/// `owner/name@vX.Y.Z`: this version of sprintgen's Action, from the repository address in
/// Cargo.toml (its one home).
fn action_reference() -> String {
    let repository = env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/");
    format!("{repository}@v{}", env!("CARGO_PKG_VERSION"))
}

/// The branch a repository publishes from: origin's default branch, else the branch checked
/// out, else git's `init.defaultBranch`, else `main`. Asked of git in `dir` (or the nearest
/// folder above it that exists).
pub(super) fn default_branch(dir: &Path) -> String {
    let at = dir
        .ancestors()
        .find(|a| a.is_dir())
        .unwrap_or(Path::new("."));
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(at)
            .args(args)
            .output()
            .ok()?;
        let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (out.status.success() && !text.is_empty()).then_some(text)
    };
    git(&["symbolic-ref", "--short", "refs/remotes/origin/HEAD"])
        .map(|b| b.trim_start_matches("origin/").to_string())
        .or_else(|| git(&["symbolic-ref", "--short", "HEAD"]))
        .or_else(|| git(&["config", "init.defaultBranch"]))
        .unwrap_or_else(|| "main".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_passed_to_the_build_step_alone_and_commented_out_unless_encrypted() {
        let secret = "SPRINTGEN_PASSWORD: ${{ secrets.SPRINTGEN_PASSWORD }}\n";
        let build_step = "      - name: Build the site\n        env:\n          BASE_URL: ${{ steps.pages.outputs.base_url }}\n";
        let on = workflow("main", None, true, None);
        assert!(on.contains(&format!("{build_step}          # The password of the encrypted site (README, \"Private reports\"): the repository's\n          # secret SPRINTGEN_PASSWORD, which only this step sees.\n          {secret}        run: sprintgen build --base-url \"$BASE_URL/\"\n")), "{on}");
        assert_eq!(on.matches("SPRINTGEN_PASSWORD: ").count(), 1, "{on}");
        let off = workflow("main", None, false, None);
        assert!(
            off.contains(&format!("{build_step}          # An encrypted site")),
            "{off}"
        );
        assert!(
            off.contains(&format!("          # {secret}        run: sprintgen build")),
            "{off}"
        );
        assert!(!off.contains(&format!("          {secret}")), "{off}");
        assert!(!off.contains("{password}"), "{off}");
    }

    #[test]
    fn the_sync_steps_are_commented_out_unless_a_tracker_is_named() {
        let off = workflow("main", None, false, None);
        assert!(!off.contains("{sync"), "{off}");
        assert!(
            off.contains("      # - name: Sync the sprint files from the tracker\n"),
            "{off}"
        );
        assert!(
            off.contains("      #     JIRA_API_TOKEN: ${{ secrets.JIRA_API_TOKEN }}\n"),
            "{off}"
        );
        assert!(off.contains("      contents: read\n"), "{off}");
        assert!(!off.contains("      contents: write\n"), "{off}");
        let on = workflow("main", Some(SyncTracker::Linear), false, None);
        assert!(
            on.contains("    permissions:\n      # The daily sync commits the sprint files it changed (write); else read.\n      contents: write\n"),
            "{on}"
        );
        assert!(
            on.contains("      - name: Sync the sprint files from the tracker\n"),
            "{on}"
        );
        assert!(on.contains("          LINEAR_API_KEY: ${{ secrets.LINEAR_API_KEY }}\n        run: sprintgen sync\n"), "{on}");
        assert!(!on.contains("JIRA_"), "{on}");
        // The steps come before the checks.
        assert!(on.find("sprintgen sync").unwrap() < on.rfind("Check the sprint data").unwrap());
    }

    #[test]
    fn the_notify_job_follows_the_deploy_commented_out_unless_a_service_is_named() {
        let off = workflow("main", None, false, None);
        assert!(
            !off.contains("{notify") && !off.contains("{service}"),
            "{off}"
        );
        assert!(
            off.contains("  # notify:\n  #   needs: [build, deploy]\n"),
            "{off}"
        );
        assert!(
            off.contains(
                "  #         SPRINTGEN_WEBHOOK_URL: ${{ secrets.SPRINTGEN_WEBHOOK_URL }}\n"
            ),
            "{off}"
        );
        assert!(
            off.contains("  #       run: sprintgen notify slack --only-changes"),
            "{off}"
        );
        let on = workflow("main", None, false, Some("teams"));
        assert!(
            on.contains("\n  notify:\n    needs: [build, deploy]\n"),
            "{on}"
        );
        assert!(
            on.contains(
                "        run: sprintgen notify teams --only-changes --base-url \"$BASE_URL/\"\n"
            ),
            "{on}"
        );
        // After the deploy job, as the last job, from the commit the site was built from,
        // noted after the morning's sync committed its changes.
        assert!(on.find("\n  deploy:").unwrap() < on.find("\n  notify:").unwrap());
        assert!(
            on.contains("          ref: ${{ needs.build.outputs.commit }}\n"),
            "{on}"
        );
        let synced = workflow("main", Some(SyncTracker::Jira), false, Some("slack"));
        let noted = synced.find("id: commit\n").unwrap();
        assert!(synced.find("git push").unwrap() < noted);
        assert!(noted < synced.find("sprintgen build").unwrap());
        assert!(on.ends_with("# --- End of the notify job -------------------------------------------------------------\n"), "{on}");
    }

    #[test]
    fn the_workflow_publishes_the_branch_with_this_version_s_action() {
        let text = workflow("trunk", None, false, None);
        assert!(text.contains("    branches: [\"trunk\"]\n"), "{text}");
        assert!(text.contains("from \"trunk\""), "{text}");
        let action = format!("uses: sprintgen/sprintgen@v{}", env!("CARGO_PKG_VERSION"));
        assert_eq!(
            text.matches(&format!("\n        {action}")).count(),
            2,
            "{text}"
        );
        assert_eq!(
            text.matches(&format!("\n  #       {action}")).count(),
            1,
            "{text}"
        );
        assert!(
            !text.contains("{branch}") && !text.contains("{action}"),
            "{text}"
        );
        assert!(text.contains("schedule:\n    - cron:"));
    }

    #[test]
    fn a_folder_outside_any_repository_falls_back_to_git_s_default_or_main() {
        let dir = tempfile::tempdir().unwrap();
        let branch = default_branch(&dir.path().join("new-site"));
        assert!(!branch.is_empty() && !branch.contains('\n'), "{branch}");
    }
}
