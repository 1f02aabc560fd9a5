// Date.prototype.toISOString, computed in JavaScript: V8's is a call into the runtime, about
// 1.6 us against 0.4 here, and a 50-task page writes 150 of them (bench/RESULTS.md). The
// same text for every instant of years 0000-9999; outside them (never stored by the API) and
// for an invalid Date, toISOString itself (its extended years, its RangeError).

const DAY = 86_400_000;
const YEAR_0 = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
const YEAR_10000 = 253_402_300_800_000; // 10000-01-01T00:00:00.000Z

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);
const four = (n: number) => (n < 10 ? `000${n}` : n < 100 ? `00${n}` : n < 1000 ? `0${n}` : `${n}`);

export function isoTime(date: Date): string {
  const time = date.getTime();
  if (!(time >= YEAR_0 && time < YEAR_10000)) return date.toISOString();
  const days = Math.floor(time / DAY);
  let ms = time - days * DAY;
  const [year, month, day] = civilFromDays(days);
  const hours = Math.floor(ms / 3_600_000);
  ms -= hours * 3_600_000;
  const minutes = Math.floor(ms / 60_000);
  ms -= minutes * 60_000;
  const seconds = Math.floor(ms / 1000);
  ms -= seconds * 1000;
  return `${four(year)}-${two(month)}-${two(day)}T${two(hours)}:${two(minutes)}:${two(seconds)}.${three(ms)}Z`;
}

/** Year, month (1-12) and day of the proleptic Gregorian calendar, days after 1970-01-01 (Howard Hinnant's civil_from_days). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468; // days since 0000-03-01
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}
