//! The course and the CLI in Chinese: the language choice, the learner's files written in it,
//! kept in step with the English, graded the same.

mod common;

use std::fs;

use common::Fixture;

/// The fixture `marked` with a complete, stamped zh-CN translation made by `dev translate`.
fn translated() -> Fixture {
    let fx = Fixture::new(&["marked", "no_tests"]);
    let out = fx.run(&["--lang", "zh-CN", "dev", "translate", "marked"]);
    assert_eq!(out.status.code(), Some(1), "{}", common::text(&out));
    let path = fx.root().join("i18n/zh-CN/marked.toml");
    let skeleton = fs::read_to_string(&path).unwrap();
    let mut filled = skeleton
        .replacen(
            "zh = \"\"",
            "zh = \"练习夹具：分隔行以上归学习者，以下是测试。\"",
            1,
        )
        .replacen("zh = \"\"", "zh = \"double(3) 应该是 6\"", 1);
    filled = filled.replacen("    \"\",", "    \"提示：乘以二。\",", 1);
    fs::write(&path, filled).unwrap();
    let out = fx.run(&["--lang", "zh-CN", "dev", "translate", "marked"]);
    assert!(out.status.success(), "{}", common::text(&out));
    fx
}

fn exercise(fx: &Fixture) -> String {
    fs::read_to_string(fx.root().join("exercises/marked.rs")).unwrap()
}

#[test]
fn the_locale_chooses_chinese_at_first_start_and_the_choice_is_remembered() {
    let fx = translated();
    let english = exercise(&fx);
    let out = fx
        .mtlings(&["list", "--plain"])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    let all = common::text(&out);
    assert!(out.status.success(), "{all}");
    assert!(all.contains("名称") && all.contains("当前"), "{all}");
    assert!(all.contains("已完成 0/2 个练习"), "{all}");
    let chinese = exercise(&fx);
    assert!(
        chinese.starts_with("// 练习夹具：分隔行以上归学习者"),
        "{chinese}"
    );
    assert!(chinese.contains("\"double(3) 应该是 6\""), "{chinese}");
    assert!(fx.state().contains("lang = \"zh-CN\""), "{}", fx.state());
    // The locale is only a guess: the remembered choice wins over an English one.
    let out = fx.run(&["hint", "marked"]);
    assert!(
        common::text(&out).contains("提示：乘以二。"),
        "{}",
        common::text(&out)
    );
    // Choosing English rewrites the untouched file back to the shipped English, byte for byte.
    let out = fx.run(&["--lang", "en", "list", "--plain"]);
    assert!(
        common::text(&out).contains("NAME"),
        "{}",
        common::text(&out)
    );
    assert_eq!(exercise(&fx), english);
}

#[test]
fn mtlings_lang_beats_the_locale_and_a_bad_one_is_a_clear_error() {
    let fx = translated();
    let out = fx
        .mtlings(&["list", "--plain"])
        .env("LANG", "zh_CN.UTF-8")
        .env("MTLINGS_LANG", "en")
        .output()
        .unwrap();
    assert!(
        common::text(&out).contains("NAME"),
        "{}",
        common::text(&out)
    );
    let out = fx
        .mtlings(&["list", "--plain"])
        .env("MTLINGS_LANG", "klingon")
        .output()
        .unwrap();
    let all = common::text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("MTLINGS_LANG=klingon: unknown language"),
        "{all}"
    );
    assert_eq!(all.lines().count(), 1, "{all}");
}

#[test]
fn an_edited_file_keeps_its_words_and_reset_gives_the_chinese_back() {
    let fx = translated();
    fx.run(&["--lang", "zh-CN", "list", "--plain"]);
    let edited = exercise(&fx).replace("x + 2", "x + 3");
    fs::write(fx.root().join("exercises/marked.rs"), &edited).unwrap();
    let out = fx.run(&["--lang", "en", "list", "--plain"]);
    assert!(
        common::text(&out).contains("1 you have edited stay as they are"),
        "{}",
        common::text(&out)
    );
    assert_eq!(exercise(&fx), edited);
    let out = fx.run(&["--lang", "zh-CN", "reset", "marked"]);
    assert!(out.status.success(), "{}", common::text(&out));
    assert!(exercise(&fx).contains("x + 2") && exercise(&fx).contains("应该是 6"));
    // The Chinese file is graded as any other: its test speaks Chinese.
    let out = fx.run(&["run", "marked"]);
    let all = common::text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("double(3) 应该是 6"), "{all}");
    assert!(all.contains("marked: 测试失败"), "{all}");
}

#[test]
fn verify_in_chinese_does_not_take_chinese_tests_for_tampering() {
    let fx = translated();
    fx.run(&["--lang", "zh-CN", "list", "--plain"]);
    let out = fx.run(&["verify"]);
    let all = common::text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(!all.contains("篡改") && !all.contains("tampered"), "{all}");
    assert!(
        all.contains("verify：通过") && all.contains("失败"),
        "{all}"
    );
}

#[test]
fn a_changed_english_text_makes_dev_check_report_the_translation_stale() {
    let fx = translated();
    // The author rewords a test message (the tests are the same in both files).
    for top in ["exercises", "solutions"] {
        let path = fx.root().join(top).join("marked.rs");
        let english = fs::read_to_string(&path).unwrap();
        fs::write(&path, english.replace("should be 6", "must be 6")).unwrap();
    }
    let out = fx.run(&["dev", "check"]);
    let all = common::text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("i18n/zh-CN/marked.toml: stale: the English changed since it was translated")
            && all.contains("1 translated text(s) no longer in the English")
            && all.contains("\"double(3) should be 6\"")
            && all.contains("\"double(3) must be 6\""),
        "{all}"
    );
}

#[test]
fn dev_check_in_chinese_grades_the_translated_files() {
    let fx = translated();
    let out = fx.run(&["--lang", "zh-CN", "dev", "check", "marked"]);
    let all = common::text(&out);
    assert!(out.status.success(), "{all}");
    assert!(
        all.contains("marked (zh-CN)") && all.contains("marked_sol (zh-CN)"),
        "{all}"
    );
}

#[test]
fn a_compiler_error_is_explained_in_chinese_under_rustc_s_message() {
    let fx = Fixture::new(&["send_rc"]);
    let out = fx.run(&["--lang", "zh-CN", "run", "send_rc"]);
    let all = common::text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    let header = all
        .lines()
        .position(|l| l.contains("error[E0277]") && l.contains("cannot be sent between threads"))
        .unwrap_or_else(|| panic!("no E0277 in {all}"));
    let next = all.lines().nth(header + 1).unwrap_or("");
    assert!(next.contains("说明：") && next.contains("`Send`"), "{all}");
    assert!(all.contains("send_rc: 编译不通过"), "{all}");
    let english = fx.run(&["--lang", "en", "run", "send_rc"]);
    assert!(!common::text(&english).contains("说明"));
}
