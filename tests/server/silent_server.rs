//! Clients never hang: a request with no sign of life from the server
//! ends after `REQUEST_PATIENCE` with a message naming the server's
//! process, while a request the server keeps alive waits as long as it
//! runs. The server here is a stand-in on a real socket, so that its
//! silence and its keep-alives are exact.

use std::os::unix::net::UnixListener;
use std::time::{Duration, Instant};

use passerelle::client::connection::{Client, REQUEST_PATIENCE};
use passerelle::domain::audit::FrontEnd;
use passerelle::i18n::Lang;
use passerelle::i18n::server::server_problem;
use passerelle::server::paths::socket_path;
use passerelle::server::problem::ServerProblem;
use passerelle::server::wire::{
    self, ClientFrame, HandshakeOutcome, PROGRAM_VERSION, PROTOCOL, ServerFrame, Welcome,
};
use passerelle::service::ServiceError;
use passerelle::service::protocol::{Request, Response};

/// A stand-in server for `store`: lets one client in, reads its first
/// request, then sends a keep-alive every `pace` until `answer_after`
/// (never, when `None`), then the answer.
fn stand_in(store: &std::path::Path, pace: Duration, answer_after: Option<Duration>) {
    std::fs::create_dir_all(store).expect("the store's directory");
    let listener = UnixListener::bind(socket_path(store)).expect("listens");
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().expect("a client");
        let mut reading = &stream;
        let mut writing = &stream;
        wire::read_hello(&mut reading).expect("a hello");
        wire::write_welcome(
            &mut writing,
            &Welcome {
                protocol: PROTOCOL,
                version: PROGRAM_VERSION.to_owned(),
                outcome: HandshakeOutcome::VersionsAgree,
            },
        )
        .expect("welcome");
        wire::write_frame(
            &mut writing,
            &ServerFrame::Accepted {
                account: "stand-in".into(),
                connection: 1,
            },
        )
        .expect("accepted");
        let frame: ClientFrame = wire::read_frame(&mut reading).expect("a request");
        let started = Instant::now();
        loop {
            std::thread::sleep(pace);
            if answer_after.is_some_and(|after| started.elapsed() >= after) {
                let reply = ServerFrame::Reply {
                    id: frame.id,
                    result: Ok(passerelle::server::wire::Answer::Service(
                        Response::IsEmpty(true),
                    )),
                };
                let _ = wire::write_frame(&mut writing, &reply);
                break;
            }
            if answer_after.is_some()
                && wire::write_frame(&mut writing, &ServerFrame::Working { id: frame.id }).is_err()
            {
                break;
            }
            if started.elapsed() > REQUEST_PATIENCE * 3 {
                break;
            }
        }
        // Held open until the client is done with it.
        let _ = wire::read_frame::<ClientFrame>(&mut reading);
    });
}

#[test]
fn a_silent_server_ends_the_request_and_a_working_one_is_waited_for() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let silent = dir.path().join("silent");
    let working = dir.path().join("working");
    stand_in(&silent, Duration::from_secs(1), None);
    // Answered well past the patience, kept alive all along.
    let long = REQUEST_PATIENCE + Duration::from_secs(6);
    stand_in(&working, Duration::from_secs(4), Some(long));

    std::thread::scope(|scope| {
        let waited = scope.spawn(|| {
            let client = Client::connect(&working, FrontEnd::Cli).expect("let in");
            let started = Instant::now();
            let answer = client.call(Request::IsEmpty);
            (answer, started.elapsed())
        });
        let client = Client::connect(&silent, FrontEnd::Cli).expect("let in");
        let started = Instant::now();
        let answer = client.call(Request::IsEmpty);
        let took = started.elapsed();
        let problem = match answer {
            Err(ServiceError::Server(problem @ ServerProblem::NoAnswer { .. })) => problem,
            other => panic!("a silent server answered {other:?}"),
        };
        assert!(took >= REQUEST_PATIENCE, "{took:?}");
        assert!(took < REQUEST_PATIENCE + Duration::from_secs(5), "{took:?}");
        // The stand-in runs in this process: its process is named.
        let said = server_problem(&problem, Lang::Fr);
        assert!(
            said.contains(&format!("processus {}", std::process::id())),
            "{said}"
        );
        assert!(said.contains("ne répond plus depuis"), "{said}");
        // The connection is given up: the next call says so at once.
        let again = Instant::now();
        assert!(client.call(Request::IsEmpty).is_err());
        assert!(again.elapsed() < Duration::from_secs(2));

        let (answer, took) = waited.join().expect("no panic");
        assert!(
            matches!(answer, Ok(Response::IsEmpty(true))),
            "a working server's answer: {answer:?}"
        );
        assert!(took >= long, "{took:?}");
    });
}
