export function ErrorBanner({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div class="pl-error" role="alert">
      {message}
    </div>
  );
}
