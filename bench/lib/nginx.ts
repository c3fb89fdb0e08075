/**
 * Yardstick "the ceiling for a page": Debian's nginx serving the very bytes
 * of a result page as a static file, on loopback, with the same worker count
 * as CPU cores. No gzip here, and the load runs send no Accept-Encoding, so
 * nginx and our server both send the same uncompressed bytes (like with like).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function nginxPath(): string | null {
	for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (existsSync(p)) return p;
	return null;
}

export async function startNginx(dir: string, port: number, body: Buffer): Promise<{ stop: () => Promise<void> }> {
	const bin = nginxPath();
	if (!bin) throw new Error('nginx not found (apt-get install -y nginx-light)');
	mkdirSync(path.join(dir, 'root'), { recursive: true });
	mkdirSync(path.join(dir, 'tmp'), { recursive: true });
	writeFileSync(path.join(dir, 'root', 'page.html'), body);
	const conf = `worker_processes auto;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path ${dir}/tmp;
	proxy_temp_path ${dir}/tmp;
	fastcgi_temp_path ${dir}/tmp;
	uwsgi_temp_path ${dir}/tmp;
	scgi_temp_path ${dir}/tmp;
	types { text/html html; }
	server {
		listen 127.0.0.1:${port};
		root ${dir}/root;
		location / { try_files /page.html =404; }
	}
}
`;
	writeFileSync(path.join(dir, 'nginx.conf'), conf);
	const child: ChildProcess = spawn(bin, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
	const until = Date.now() + 10_000;
	while (Date.now() < until) {
		try {
			const r = await fetch(`http://127.0.0.1:${port}/`);
			if (r.ok) break;
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		stop: () =>
			new Promise<void>((resolve) => {
				child.once('exit', () => resolve());
				child.kill('SIGQUIT');
			})
	};
}
