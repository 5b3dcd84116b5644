//! Shared by the targets: one long-lived worker thread with the pipeline's stack size
//! (`mapi_lint::WORKER_STACK_BYTES`, as `scan` gives its lowering/analysis workers), so deep
//! nesting is judged against the stack the tool really uses, without spawning a 256 MiB-stack
//! thread per input (slow under AddressSanitizer). A panic on the worker aborts the process
//! through libFuzzer's panic hook and is reported as a crash like one on the main thread.
#![allow(dead_code)]

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Mutex, OnceLock};

type Job = Box<dyn FnOnce() + Send>;

struct Worker {
    jobs: Sender<Job>,
    done: Receiver<()>,
}

pub fn on_big_stack(job: impl FnOnce() + Send + 'static) {
    static W: OnceLock<Mutex<Worker>> = OnceLock::new();
    let w = W.get_or_init(|| {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel();
        std::thread::Builder::new()
            .name("fuzz-worker".into())
            .stack_size(mapi_lint::WORKER_STACK_BYTES)
            .spawn(move || {
                for job in job_rx {
                    job();
                    done_tx.send(()).unwrap();
                }
            })
            .expect("spawn worker");
        Mutex::new(Worker { jobs, done })
    });
    let w = w.lock().unwrap();
    w.jobs.send(Box::new(job)).unwrap();
    w.done.recv().unwrap();
}
