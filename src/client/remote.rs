//! A front end's link to the store's server that outlives one
//! connection: when the server goes away (restarted for an upgrade,
//! stopped when idle while nobody looked, killed), the next request
//! connects again — starting a server if none runs — and others' notices
//! keep coming on the same channel.
//!
//! A read is asked again on the new connection. A write is not: it may
//! have been carried out before the connection broke, and its author must
//! look before trying again (a save sent twice would meet its own
//! revision and be refused as a conflict anyway).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::client::connection::{Client, ConnectError};
use crate::demo::DemoOptions;
use crate::domain::audit::FrontEnd;
use crate::server::problem::ServerProblem;
use crate::server::wire::{Changed, Notice};
use crate::service::protocol::{Request, Response};
use crate::service::{ServiceError, ServiceResult};

pub struct Remote {
    store: PathBuf,
    front_end: FrontEnd,
    idle: Duration,
    client: Mutex<Arc<Client>>,
    /// Where others' notices go, once a front end follows them.
    notices: Mutex<Option<Sender<Notice>>>,
}

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Remote({:?})", self.current())
    }
}

impl Remote {
    pub fn connect(
        store: PathBuf,
        front_end: FrontEnd,
        idle: Duration,
    ) -> Result<Remote, ConnectError> {
        let client = Client::connect_or_start(&store, front_end, idle)?;
        Ok(Remote {
            store,
            front_end,
            idle,
            client: Mutex::new(Arc::new(client)),
            notices: Mutex::new(None),
        })
    }

    fn current(&self) -> Arc<Client> {
        self.client
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub fn account(&self) -> String {
        self.current().account().to_owned()
    }

    /// Answers a request; a read meeting a server gone is asked again on
    /// a new connection.
    pub fn call(&self, request: Request) -> ServiceResult<Response> {
        let client = self.current();
        let again = request.is_read().then(|| request.clone());
        match client.call(request) {
            Err(ServiceError::Server(ServerProblem::Gone)) => {
                let reconnected = self.reconnect(&client)?;
                match again {
                    Some(request) => reconnected.call(request),
                    // Connected again, but the write's fate is unknown.
                    None => Err(ServiceError::Server(ServerProblem::Gone)),
                }
            }
            other => other,
        }
    }

    /// Asks the server to write demonstration data; a server gone
    /// meanwhile is reached again for the next call, but what it wrote
    /// is unknown.
    pub fn demo(&self, options: DemoOptions, append: bool) -> ServiceResult<u64> {
        let client = self.current();
        match client.demo(options, append) {
            Err(ServiceError::Server(ServerProblem::Gone)) => {
                self.reconnect(&client)?;
                Err(ServiceError::Server(ServerProblem::Gone))
            }
            other => other,
        }
    }

    /// Replaces `broken` by a new connection (unless another thread did
    /// already), and points the notices of the new one at the channel.
    fn reconnect(&self, broken: &Arc<Client>) -> ServiceResult<Arc<Client>> {
        let mut current = self
            .client
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !Arc::ptr_eq(&current, broken) {
            return Ok(current.clone());
        }
        let client = Arc::new(Client::connect_or_start(
            &self.store,
            self.front_end,
            self.idle,
        )?);
        tracing::info!("connected to the server again");
        if let Some(sender) = self
            .notices
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .as_ref()
        {
            forward_others(&client, sender.clone());
        }
        *current = client.clone();
        Ok(client)
    }

    /// Others' changes, from this connection and the ones after it.
    pub fn take_notices(&self) -> Option<Receiver<Notice>> {
        let mut notices = self
            .notices
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if notices.is_some() {
            return None;
        }
        let (sender, receiver) = channel();
        forward_others(&self.current(), sender.clone());
        *notices = Some(sender);
        Some(receiver)
    }
}

/// Passes on the notices of `client`'s connection, but for its own
/// changes, until that connection ends.
fn forward_others(client: &Client, sender: Sender<Notice>) {
    let own = client.connection();
    let Some(all) = client.take_notices() else {
        return;
    };
    std::thread::spawn(move || {
        for notice in all {
            if notice.connection != own && sender.send(notice).is_err() {
                return;
            }
        }
        // The connection ended (the server restarted, stopped, was
        // killed): what changed meanwhile is unknown. A notice of many
        // changes makes the interface read again, which connects again
        // and so follows the next server's notices.
        let _ = sender.send(Notice {
            changed: Changed::Many,
            by: String::new(),
            connection: 0,
        });
    });
}
