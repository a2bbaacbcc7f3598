//! Judging a learner's prediction without printing the right answer.
//!
//! A "predict" exercise is worthless if its failure message shows the real value: the learner
//! copies it. These checks say WHAT is wrong with a guess (too high, an event that never
//! happened, the first point where the guess and reality part ways) and why, so the learner
//! has evidence to reason with but still has to work the answer out.

/// Panics unless `guess == actual`, saying only whether the guess is too high or too low.
#[track_caller]
pub fn check_count(name: &str, guess: usize, actual: usize, why: &str) {
    if guess == actual {
        return;
    }
    let direction = if guess > actual {
        "too high"
    } else {
        "too low"
    };
    panic!("{name} = {guess} is {direction}: {why}");
}

/// Panics unless the predicted event log equals the observed one. The message names the
/// first position where they differ and which predicted events never happened at all, but
/// never lists the observed log.
#[track_caller]
pub fn check_log(name: &str, guess: &[&str], actual: &[String], why: &str) {
    if guess.len() == actual.len() && guess.iter().zip(actual).all(|(g, a)| g == a) {
        return;
    }
    let mut msg = format!("{name} is wrong: {why}");
    let never: Vec<&str> = guess
        .iter()
        .copied()
        .filter(|g| !actual.iter().any(|a| a == g))
        .collect();
    if !never.is_empty() {
        msg += &format!("\n  these predicted events never happened: {never:?}");
    }
    let same = guess
        .iter()
        .zip(actual)
        .take_while(|(g, a)| *g == *a)
        .count();
    match guess.get(same) {
        Some(g) if same < actual.len() => {
            msg += &format!(
                "\n  your first {same} event(s) are right; event {} was not {g:?}",
                same + 1
            )
        }
        Some(_) => msg += &format!("\n  the real log ends after your first {same} event(s)"),
        None => msg += &format!("\n  your {same} event(s) are right, but more happened after them"),
    }
    panic!("{msg}");
}
