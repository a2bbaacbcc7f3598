//! A run's recording as a Chrome Trace Event file, which Perfetto (ui.perfetto.dev) and
//! chrome://tracing open: one pid per process, one tid per thread with `thread_name` metadata,
//! and a complete (`X`) slice for every stretch of running or waiting, the waiting place in its
//! `args`. Steps (tests, then main) follow each other on one time axis.

use serde_json::{Value, json};

use crate::timeline::Recording;

/// The trace of `recordings` as JSON text (the object form, `{"traceEvents": [...]}`).
pub fn render(recordings: &[Recording]) -> String {
    let origin = recordings.iter().map(|r| r.started_us).min().unwrap_or(0);
    let mut events: Vec<Value> = Vec::new();
    for rec in recordings {
        let offset = rec.started_us - origin;
        for (order, process) in rec.processes.iter().enumerate() {
            let pid = process.pid;
            let role = if process.leader {
                rec.label.clone()
            } else {
                format!("child of {}", rec.label)
            };
            events.push(json!({
                "ph": "M", "name": "process_name", "pid": pid, "tid": 0,
                "args": { "name": format!("{} ({role}, {})", process.name, rec.ending) },
            }));
            events.push(json!({
                "ph": "M", "name": "process_sort_index", "pid": pid, "tid": 0,
                "args": { "sort_index": order },
            }));
            for (index, thread) in process.threads.iter().enumerate() {
                let tid = thread.tid;
                events.push(json!({
                    "ph": "M", "name": "thread_name", "pid": pid, "tid": tid,
                    "args": { "name": thread.name },
                }));
                events.push(json!({
                    "ph": "M", "name": "thread_sort_index", "pid": pid, "tid": tid,
                    "args": { "sort_index": index },
                }));
                for slice in &thread.slices {
                    let name = match (slice.running, &slice.what) {
                        (true, _) => "running".to_string(),
                        (false, Some(what)) => format!("waiting: {what}"),
                        (false, None) => "waiting".to_string(),
                    };
                    let mut args = serde_json::Map::new();
                    for (key, value) in [
                        ("what", &slice.what),
                        ("location", &slice.at),
                        ("code", &slice.code),
                    ] {
                        if let Some(v) = value {
                            args.insert(key.into(), Value::String(v.clone()));
                        }
                    }
                    events.push(json!({
                        "ph": "X",
                        "cat": if slice.running { "running" } else { "waiting" },
                        "name": name,
                        "pid": pid,
                        "tid": tid,
                        "ts": offset + slice.start_us,
                        "dur": slice.end_us.saturating_sub(slice.start_us),
                        "args": args,
                    }));
                }
                if let Some(end) = thread.end_us {
                    events.push(json!({
                        "ph": "i", "s": "t", "name": "thread ended",
                        "pid": pid, "tid": tid, "ts": offset + end,
                    }));
                }
            }
        }
    }
    json!({ "traceEvents": events, "displayTimeUnit": "ms" }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::{ProcessTrack, Slice, ThreadTrack};

    #[test]
    fn threads_are_named_and_waits_carry_their_place() {
        let rec = Recording {
            label: "main".into(),
            started_us: 5_000_000,
            wall_us: 300,
            ending: "exited with code 0".into(),
            processes: vec![ProcessTrack {
                pid: 7,
                leader: true,
                name: "dl".into(),
                threads: vec![ThreadTrack {
                    tid: 8,
                    name: "worker".into(),
                    start_us: 0,
                    end_us: Some(300),
                    slices: vec![
                        Slice {
                            start_us: 0,
                            end_us: 100,
                            running: true,
                            what: None,
                            at: None,
                            code: None,
                        },
                        Slice {
                            start_us: 100,
                            end_us: 300,
                            running: false,
                            what: Some("Mutex::lock".into()),
                            at: Some("exercises/dl.rs:13".into()),
                            code: None,
                        },
                    ],
                }],
            }],
        };
        let v: Value = serde_json::from_str(&render(&[rec])).unwrap();
        let events = v["traceEvents"].as_array().unwrap();
        let named = events.iter().find(|e| e["name"] == "thread_name").unwrap();
        assert_eq!(
            (named["pid"].clone(), named["tid"].clone()),
            (json!(7), json!(8))
        );
        assert_eq!(named["args"]["name"], "worker");
        let wait = events
            .iter()
            .find(|e| e["name"] == "waiting: Mutex::lock")
            .unwrap();
        assert_eq!(wait["ph"], "X");
        assert_eq!(
            (wait["ts"].clone(), wait["dur"].clone()),
            (json!(100), json!(200))
        );
        assert_eq!(wait["args"]["location"], "exercises/dl.rs:13");
    }
}
