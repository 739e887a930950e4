//! Reading from a client with time limits on what is read as a whole,
//! not on each read: a client sending a byte now and then cannot hold
//! its connection's reader past them.

use std::io::{self, Read};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

/// Reads until `deadline`, then fails with `TimedOut`.
pub struct Until<'s> {
    stream: &'s UnixStream,
    deadline: Instant,
}

impl<'s> Until<'s> {
    pub fn new(stream: &'s UnixStream, patience: Duration) -> Self {
        Until {
            stream,
            deadline: Instant::now() + patience,
        }
    }
}

impl Read for Until<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        read_until(self.stream, self.deadline, buffer)
    }
}

/// Frames from a client: as long as it likes between frames (an open
/// interface waits for its user), `per_frame` from a frame's first byte
/// to its last. [`Paced::next_frame`] starts waiting for the next.
pub struct Paced<'s> {
    stream: &'s UnixStream,
    per_frame: Duration,
    deadline: Option<Instant>,
}

impl<'s> Paced<'s> {
    pub fn new(stream: &'s UnixStream, per_frame: Duration) -> Self {
        Paced {
            stream,
            per_frame,
            deadline: None,
        }
    }

    /// A frame was read whole: no limit until the next one begins.
    pub fn next_frame(&mut self) {
        self.deadline = None;
    }
}

impl Read for Paced<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        match self.deadline {
            Some(deadline) => read_until(self.stream, deadline, buffer),
            None => {
                self.stream.set_read_timeout(None)?;
                let mut reading = self.stream;
                let read = reading.read(buffer)?;
                if read > 0 {
                    self.deadline = Some(Instant::now() + self.per_frame);
                }
                Ok(read)
            }
        }
    }
}

fn read_until(stream: &UnixStream, deadline: Instant, buffer: &mut [u8]) -> io::Result<usize> {
    let left = deadline.saturating_duration_since(Instant::now());
    // A zero timeout means none to the system.
    if left < Duration::from_millis(1) {
        return Err(io::Error::new(io::ErrorKind::TimedOut, "time is up"));
    }
    stream.set_read_timeout(Some(left))?;
    let mut reading = stream;
    match reading.read(buffer) {
        Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
            Err(io::Error::new(io::ErrorKind::TimedOut, "time is up"))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_byte_now_and_then_does_not_hold_the_reader_past_its_deadline() {
        let (reader, writer) = UnixStream::pair().expect("a pair");
        let dripping = std::thread::spawn(move || {
            let mut writer = writer;
            for _ in 0..20 {
                if writer.write_all(b"x").is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(40));
            }
        });
        let started = Instant::now();
        let mut buffer = [0u8; 64];
        let error = Until::new(&reader, Duration::from_millis(200))
            .read_exact(&mut buffer)
            .expect_err("not enough in time");
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        assert!(
            started.elapsed() < Duration::from_millis(600),
            "{:?}",
            started.elapsed()
        );
        drop(reader);
        dripping.join().expect("no panic");
    }

    #[test]
    fn between_frames_there_is_no_limit_within_one_there_is() {
        let (reader, writer) = UnixStream::pair().expect("a pair");
        let mut paced = Paced::new(&reader, Duration::from_millis(150));
        let mut writing = &writer;
        std::thread::scope(|scope| {
            scope.spawn(|| {
                // Idle longer than a frame's limit, then a whole frame.
                std::thread::sleep(Duration::from_millis(300));
                writing.write_all(b"abcd").expect("written");
            });
            let mut frame = [0u8; 4];
            paced
                .read_exact(&mut frame)
                .expect("a frame after a long wait");
            assert_eq!(&frame, b"abcd");
        });
        paced.next_frame();
        writing.write_all(b"ab").expect("half a frame");
        let mut frame = [0u8; 4];
        let error = paced
            .read_exact(&mut frame)
            .expect_err("the rest never comes");
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
    }
}
