//! The GitHub Actions workflow `sprintgen init` writes (`workflow.yml`): checks and the figures'
//! diff on pull requests, a daily rebuild, and publishing to GitHub Pages from the repository's
//! default branch, with sprintgen installed by its own Action at this version.

use std::path::Path;
use std::process::Command;

/// The workflow's text, publishing from `branch`.
pub(super) fn workflow(branch: &str) -> String {
    include_str!("workflow.yml")
        .replace("{branch}", &serde_json::Value::from(branch).to_string())
        .replace("{action}", &action_reference())
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
    fn the_workflow_publishes_the_branch_with_this_version_s_action() {
        let text = workflow("trunk");
        assert!(text.contains("    branches: [\"trunk\"]\n"), "{text}");
        assert!(text.contains("from \"trunk\""), "{text}");
        let action = format!("uses: sprintgen/sprintgen@v{}", env!("CARGO_PKG_VERSION"));
        assert_eq!(text.matches(&action).count(), 2, "{text}");
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
