export default function Home() {
  return <main>Tasks</main>;
}
