//! Where a school or a company is: a point on the map and how precise it
//! is. A directory (the Annuaire de l'éducation, a géo-Sirene extract)
//! gives the point of the address; anything else takes the centre of its
//! commune, or of its Paris arrondissement, from the table of communes
//! shipped with the program ([`crate::domain::communes`]), and says it is
//! approximate.

use serde::{Deserialize, Serialize};

use crate::choice_enum;

choice_enum! {
    /// How far a location can be trusted.
    pub enum Precision {
        /// The address's own point, from a directory.
        Address => "address",
        /// The centre of the commune (or Paris arrondissement): a few
        /// kilometres off at worst, enough to say what is near.
        Commune => "commune",
    }
}

/// A point in WGS84, kept in millionths of a degree (about 10 cm): exact
/// to compare, and compact to store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Coordinates {
    latitude: i32,
    longitude: i32,
}

/// Why two numbers are not a point on Earth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CoordinatesError {
    #[error("a latitude lies between -90 and 90 degrees")]
    Latitude,
    #[error("a longitude lies between -180 and 180 degrees")]
    Longitude,
}

const MICRO: f64 = 1_000_000.0;

impl Coordinates {
    /// A point from decimal degrees; refuses what is off the globe (or
    /// not a number), so a swapped or garbled column is never stored.
    pub fn from_degrees(latitude: f64, longitude: f64) -> Result<Self, CoordinatesError> {
        if !(-90.0..=90.0).contains(&latitude) {
            return Err(CoordinatesError::Latitude);
        }
        if !(-180.0..=180.0).contains(&longitude) {
            return Err(CoordinatesError::Longitude);
        }
        // In range, so the rounded values fit an i32 (180e6 < 2^31).
        Ok(Coordinates {
            latitude: (latitude * MICRO).round() as i32,
            longitude: (longitude * MICRO).round() as i32,
        })
    }

    /// Reads "48.857" and "2.352" (a comma for the decimal point too, as
    /// French spreadsheets write it).
    pub fn parse(latitude: &str, longitude: &str) -> Option<Self> {
        let number = |text: &str| text.trim().replace(',', ".").parse::<f64>().ok();
        Coordinates::from_degrees(number(latitude)?, number(longitude)?).ok()
    }

    pub fn latitude(self) -> f64 {
        f64::from(self.latitude) / MICRO
    }

    pub fn longitude(self) -> f64 {
        f64::from(self.longitude) / MICRO
    }

    /// The great-circle distance to `other`, in kilometres.
    pub fn distance_km(self, other: Coordinates) -> f64 {
        const EARTH_RADIUS_KM: f64 = 6371.0;
        let (lat1, lat2) = (self.latitude().to_radians(), other.latitude().to_radians());
        let d_lat = lat2 - lat1;
        let d_lon = (other.longitude() - self.longitude()).to_radians();
        let a = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
    }
}

/// A point and how precise it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "LocationFields", into = "LocationFields")]
pub struct Location {
    pub point: Coordinates,
    pub precision: Precision,
}

/// How a location is written: decimal degrees, readable in JSON and in
/// the trail.
#[derive(Serialize, Deserialize)]
struct LocationFields {
    latitude: f64,
    longitude: f64,
    precision: Precision,
}

impl From<Location> for LocationFields {
    fn from(location: Location) -> Self {
        LocationFields {
            latitude: location.point.latitude(),
            longitude: location.point.longitude(),
            precision: location.precision,
        }
    }
}

impl TryFrom<LocationFields> for Location {
    type Error = CoordinatesError;

    fn try_from(fields: LocationFields) -> Result<Self, Self::Error> {
        Ok(Location {
            point: Coordinates::from_degrees(fields.latitude, fields.longitude)?,
            precision: fields.precision,
        })
    }
}

impl Location {
    pub fn at_address(point: Coordinates) -> Self {
        Location {
            point,
            precision: Precision::Address,
        }
    }

    pub fn approximate(point: Coordinates) -> Self {
        Location {
            point,
            precision: Precision::Commune,
        }
    }

    pub fn is_approximate(&self) -> bool {
        self.precision == Precision::Commune
    }
}

/// What a record's location becomes when it is saved. A location
/// `given` with the record (a directory's file that read coordinates, an
/// undo putting a version back) is kept. Otherwise the stored location
/// stays while the address, commune and postal code stay (whatever point
/// a client sent); a record typed by hand, one that moved, or one
/// without a location takes its commune's centre, marked approximate
/// (none when the commune is not in the table).
pub fn settled_location(
    proposed: Option<Location>,
    given: bool,
    before: Option<(&WhereAbouts<'_>, Option<Location>)>,
    now: &WhereAbouts<'_>,
) -> Option<Location> {
    let approximate =
        || crate::domain::communes::centre(now.postal_code, now.commune).map(Location::approximate);
    match (proposed, before) {
        (Some(location), _) if given => Some(location),
        (_, Some((was, stored))) if was == now => stored.or_else(approximate),
        _ => approximate(),
    }
}

/// What a location depends on: the record's address, commune and postal
/// code, compared when it is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WhereAbouts<'a> {
    pub address: Option<&'a str>,
    pub commune: &'a str,
    pub postal_code: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degrees_round_to_millionths_and_off_globe_points_are_refused() {
        let point = Coordinates::parse("48.8566", "2,3522").expect("a point");
        assert_eq!(point.latitude(), 48.8566);
        assert_eq!(point.longitude(), 2.3522);
        assert_eq!(
            Coordinates::from_degrees(91.0, 2.0),
            Err(CoordinatesError::Latitude)
        );
        assert_eq!(
            Coordinates::from_degrees(48.0, -181.0),
            Err(CoordinatesError::Longitude)
        );
        assert_eq!(Coordinates::parse("", "2.3"), None);
        assert_eq!(Coordinates::parse("NaN", "2.3"), None);
    }

    #[test]
    fn paris_to_versailles_is_about_seventeen_kilometres() {
        let paris = Coordinates::from_degrees(48.857, 2.352).expect("a point");
        let versailles = Coordinates::from_degrees(48.8049, 2.1204).expect("a point");
        let km = paris.distance_km(versailles);
        assert!((17.0..18.5).contains(&km), "{km}");
        assert_eq!(paris.distance_km(paris), 0.0);
    }

    #[test]
    fn a_location_reads_as_decimal_degrees_in_json() {
        let location =
            Location::approximate(Coordinates::from_degrees(48.857, 2.352).expect("a point"));
        let json = serde_json::to_string(&location).expect("serializes");
        assert_eq!(
            json,
            r#"{"latitude":48.857,"longitude":2.352,"precision":"commune"}"#
        );
        assert_eq!(
            serde_json::from_str::<Location>(&json).expect("reads back"),
            location
        );
        assert!(
            serde_json::from_str::<Location>(
                r#"{"latitude":148.0,"longitude":2.0,"precision":"commune"}"#
            )
            .is_err()
        );
    }

    fn montreuil<'a>(address: Option<&'a str>) -> WhereAbouts<'a> {
        WhereAbouts {
            address,
            commune: "Montreuil",
            postal_code: "93100",
        }
    }

    #[test]
    fn a_directory_location_stays_until_the_record_moves() {
        let exact = Location::at_address(Coordinates::from_degrees(48.86, 2.44).expect("a point"));
        let here = montreuil(Some("1 rue de Paris"));
        // Saved unchanged: the stored point stays, whatever was sent.
        let sent = Location::at_address(Coordinates::from_degrees(43.3, 5.4).expect("a point"));
        assert_eq!(
            settled_location(Some(sent), false, Some((&here, Some(exact))), &here),
            Some(exact)
        );
        // Moved by hand: the commune's centre, approximate.
        let moved = montreuil(Some("8 avenue Pasteur"));
        let settled = settled_location(Some(exact), false, Some((&here, Some(exact))), &moved)
            .expect("Montreuil is in the table");
        assert!(settled.is_approximate());
        // A point given with the move (an import): kept.
        assert_eq!(
            settled_location(Some(exact), true, Some((&here, Some(exact))), &moved),
            Some(exact)
        );
        // Typed by hand, a point sent or not: the centre.
        assert!(
            settled_location(Some(sent), false, None, &here).is_some_and(|l| l.is_approximate())
        );
        // A commune the table does not know: no location rather than a
        // wrong one.
        let nowhere = WhereAbouts {
            address: None,
            commune: "Rennes",
            postal_code: "35000",
        };
        assert_eq!(settled_location(None, false, None, &nowhere), None);
    }
}
