//! The import's rate (docs/performance.md reports it): a generated Sirene
//! StockEtablissement file of N active establishments imported into an
//! empty store, then again (every row unchanged), and, in the same run,
//! the demonstration loader writing N records into another empty store.
//!
//! `cargo bench --bench import` runs it at 200,000 rows;
//! `PASSERELLE_BENCH_SIZE=50000` for a quicker look.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use passerelle::client::Backend;
use passerelle::domain::audit::FrontEnd;
use passerelle::domain::identifiers::Siret;
use passerelle::domain::identifiers::siret::complete_siren;
use passerelle::import::{Format, ImportSettings};
use passerelle::service::{Caller, Service};
use passerelle::store::{OpenOptions, Store};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn backend(dir: &Path) -> Backend {
    let store = Store::open(dir, &OpenOptions::new("bench")).expect("the store opens");
    Backend::Direct {
        service: Box::new(Service::new(store)),
        caller: Caller {
            account: "bench".into(),
            front_end: FrontEnd::Cli,
        },
    }
}

/// A StockEtablissement file of `size` active establishments in
/// Île-de-France, with the 2022 layout's columns that matter.
fn write_file(path: &Path, size: u64) {
    let file = std::fs::File::create(path).expect("file");
    let mut out = std::io::BufWriter::new(file);
    writeln!(
        out,
        "siren,nic,siret,trancheEffectifsEtablissement,codePostalEtablissement,libelleCommuneEtablissement,etatAdministratifEtablissement,enseigne1Etablissement,activitePrincipaleEtablissement,nomenclatureActivitePrincipaleEtablissement"
    )
    .expect("header");
    let postal = [
        "75011", "93100", "94200", "78000", "92100", "95000", "77000", "91000",
    ];
    let naf = ["47.11B", "62.01Z", "56.10A", "43.21A", "86.21Z"];
    for n in 0..size {
        let siren = complete_siren(10_000_000 + n as u32).expect("siren");
        let siret = Siret::complete(&siren, 1).expect("siret");
        writeln!(
            out,
            "{},{},{},{},{},COMMUNE {},A,ENTREPRISE {n},{},NAFRev2",
            siren,
            &siret.as_str()[9..],
            siret,
            ["NN", "01", "11", "21"][(n % 4) as usize],
            postal[(n % 8) as usize],
            n % 97,
            naf[(n % 5) as usize],
        )
        .expect("row");
    }
    out.flush().expect("flushed");
}

fn main() {
    let size: u64 = std::env::var("PASSERELLE_BENCH_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    // On the project's disk, so that flushes cost what they cost.
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-import-{size}"));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).expect("bench directory");
    let file = base.join("stock.csv");
    write_file(&file, size);
    println!(
        "passerelle import benchmark: {size} rows, in {}",
        base.display()
    );

    let settings = ImportSettings::new(Format::Sirene, file);
    let import_store = base.join("import-store");
    {
        let backend = backend(&import_store);
        let started = Instant::now();
        let report = passerelle::import::run(&backend, &settings, &mut |_| {}).expect("import");
        let seconds = started.elapsed().as_secs_f64();
        assert_eq!(report.report.created, size);
        println!(
            "import into an empty store: {:.1} s, {:.0} rows/s",
            seconds,
            size as f64 / seconds
        );
        let started = Instant::now();
        let report = passerelle::import::run(&backend, &settings, &mut |_| {}).expect("again");
        let seconds = started.elapsed().as_secs_f64();
        assert_eq!(report.report.unchanged, size);
        println!(
            "the same file again (every row unchanged): {:.1} s, {:.0} rows/s",
            seconds,
            size as f64 / seconds
        );
        let mut dry = settings.clone();
        dry.options.dry_run = true;
        let started = Instant::now();
        passerelle::import::run(&backend, &dry, &mut |_| {}).expect("dry run");
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "a dry run of it: {:.1} s, {:.0} rows/s",
            seconds,
            size as f64 / seconds
        );
    }
    let demo_store = base.join("demo-store");
    {
        let store = Store::open(&demo_store, &OpenOptions::new("bench")).expect("store");
        let service = Service::new(store);
        let caller = Caller {
            account: "bench".into(),
            front_end: FrontEnd::Demo,
        };
        let started = Instant::now();
        let written = passerelle::demo::generate(
            &service,
            &caller,
            &passerelle::demo::DemoOptions { size, seed: 1 },
            &mut |_| {},
        )
        .expect("demo");
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "demo loader, same run, {written} records: {:.1} s, {:.0} records/s",
            seconds,
            written as f64 / seconds
        );
    }
    let shape = shape_of(&import_store, size);
    for tree in &shape {
        println!(
            "  the import wrote to {}: {:.3} entries a row, keys of {} bytes, values of {}",
            tree.name, tree.per_row, tree.key_len, tree.value_len
        );
    }
    sled_alone(&base, size, &shape);
    let _ = std::fs::remove_dir_all(&base);
}

/// What an import of `rows` created rows wrote to each tree of the store
/// in `dir`: entries per row, and the average sizes of their keys and
/// values, read from the store itself once it is closed.
struct TreeShape {
    name: String,
    per_row: f64,
    key_len: usize,
    value_len: usize,
}

fn shape_of(dir: &Path, rows: u64) -> Vec<TreeShape> {
    // sled lets go of the store's lock from a background thread after
    // the import's handle is dropped.
    let started = Instant::now();
    let db = loop {
        match sled::Config::new().path(dir).open() {
            Ok(db) => break db,
            Err(error) if started.elapsed().as_secs() > 10 => {
                panic!("sled opens the store: {error}")
            }
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    };
    let mut shapes = Vec::new();
    for name in db.tree_names() {
        let tree = db.open_tree(&name).expect("tree");
        let (mut count, mut keys, mut values) = (0usize, 0usize, 0usize);
        for item in tree.iter() {
            let (key, value) = item.expect("entry");
            count += 1;
            keys += key.len();
            values += value.len();
        }
        if count == 0 {
            continue;
        }
        shapes.push(TreeShape {
            name: String::from_utf8_lossy(&name).into_owned(),
            per_row: count as f64 / rows as f64,
            key_len: keys / count,
            value_len: values / count,
        });
    }
    shapes
}

/// The storage engine's own ceiling for what the import writes, in the
/// same run: sled alone writing the same keys (the shape the import left
/// in its store: per created row, one entry in each tree the import
/// writes once a row, of the same average sizes; the trees written less
/// often, such as the counters and the id sequences, in proportion per
/// batch), 1,000 rows a batch, each batch flushed; once in one sled
/// transaction a batch (as the import does), once as plain inserts
/// (what a bulk path outside transactions could reach at best). Keys of
/// the name and word indexes arrive in no order (a hash spreads them),
/// the others in order, as an import's do.
fn sled_alone(base: &Path, size: u64, shape: &[TreeShape]) {
    use sled::Transactional;
    const BATCH: u64 = 1_000;
    let keys_per_row: f64 = shape.iter().map(|tree| tree.per_row).sum();
    for transactional in [true, false] {
        let dir = base.join(if transactional {
            "sled-transactions"
        } else {
            "sled-plain"
        });
        let db = sled::Config::new()
            .path(&dir)
            .cache_capacity(passerelle::store::DEFAULT_CACHE_BYTES)
            .open()
            .expect("sled opens");
        let trees: Vec<sled::Tree> = shape
            .iter()
            .map(|tree| db.open_tree(&tree.name).expect("tree"))
            .collect();
        let started = Instant::now();
        let mut first = 0;
        while first < size {
            let rows = first..(first + BATCH).min(size);
            let mut ops: Vec<(usize, Vec<u8>, Vec<u8>)> = Vec::new();
            for (index, tree) in shape.iter().enumerate() {
                let scattered = tree.name.starts_with("index/name") || tree.name == "index/words";
                // Entries this batch writes to the tree: those of its
                // rows, by the measured rate.
                let due = |n: u64| (n as f64 * tree.per_row).round() as u64;
                let entries = due(rows.end) - due(rows.start);
                for e in 0..entries {
                    let n = due(rows.start) + e;
                    let order = if scattered {
                        n.wrapping_mul(2_654_435_761) % 1_000_000_007
                    } else {
                        n
                    };
                    let mut key = order.to_be_bytes().to_vec();
                    key.resize(tree.key_len.max(8), b'k');
                    ops.push((index, key, vec![7; tree.value_len]));
                }
            }
            if transactional {
                let views: Vec<&sled::Tree> = trees.iter().collect();
                views
                    .as_slice()
                    .transaction(|views| {
                        for (tree, key, value) in &ops {
                            views[*tree].insert(key.as_slice(), value.as_slice())?;
                        }
                        Ok::<(), sled::transaction::ConflictableTransactionError<()>>(())
                    })
                    .expect("written");
            } else {
                for (tree, key, value) in &ops {
                    trees[*tree]
                        .insert(key.as_slice(), value.as_slice())
                        .expect("written");
                }
            }
            db.flush().expect("flushed");
            first += BATCH;
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "sled alone, same run, {size} rows of the import's {keys_per_row:.2} keys, {}: {:.1} s, {:.0} rows/s",
            if transactional {
                "a transaction per 1,000 rows (as the import)"
            } else {
                "plain inserts (no transaction)"
            },
            seconds,
            size as f64 / seconds
        );
    }
}
